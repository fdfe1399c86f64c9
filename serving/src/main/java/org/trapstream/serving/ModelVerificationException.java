package org.trapstream.serving;

/**
 * A model version that must not serve: its file does not match its checksum, its network does not fit its
 * metadata, or it produces no valid probabilities. The message is the reason, meant for logs and operators.
 */
public final class ModelVerificationException extends RuntimeException {

    public ModelVerificationException(String reason) {
        super(reason);
    }

    public ModelVerificationException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public String reason() {
        return getMessage();
    }
}
