package org.trapstream.serving.engine;

/**
 * A backend test case the suite cannot run because its values are beyond what it reads (strings, float16,
 * sequences, optionals, external data): counted apart in the report, never passed in silence.
 */
final class UnsupportedCaseException extends Exception {

    UnsupportedCaseException(String message) {
        super(message);
    }
}
