package org.trapstream.model.cli;

/** A command line that cannot be run as written; the command prints the message and its usage, exit 2. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
