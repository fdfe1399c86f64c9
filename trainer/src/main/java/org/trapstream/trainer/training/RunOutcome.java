package org.trapstream.trainer.training;

/** How a training run ended; the code is a metric tag value. */
public enum RunOutcome {
    PROMOTED("promoted"),
    REJECTED("rejected"),
    FAILED("failed");

    private final String code;

    RunOutcome(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
