package org.trapstream.launcher;

/** The command line cannot be understood; the launcher prints the message and the usage, and exits with 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
