package org.trapstream.trainer.labels;

/** Where a labelled image serves: fitting weights, choosing the epoch, or judging model versions. */
public enum Split {
    TRAIN("train"),
    VALIDATION("validation"),
    EVALUATION("evaluation");

    private final String code;

    Split(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
