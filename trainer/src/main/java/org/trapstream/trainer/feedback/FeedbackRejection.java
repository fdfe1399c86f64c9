package org.trapstream.trainer.feedback;

/** Why a feedback record was not stored; the code is a bounded metric tag value. */
public enum FeedbackRejection {
    /** Not JSON, an unknown schema version, or a field missing or unreadable. */
    MALFORMED("malformed"),
    /** The image id is not one this system stored: nothing to train on. */
    UNKNOWN_IMAGE("unknown_image"),
    /** Empty, too long, or with characters a label may not have ({@link org.trapstream.common.contract.LabelName}). */
    INVALID_LABEL("invalid_label");

    private final String code;

    FeedbackRejection(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
