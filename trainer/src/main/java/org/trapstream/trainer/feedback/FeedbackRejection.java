package org.trapstream.trainer.feedback;

import org.trapstream.common.contract.EnumCodes;

/** Why a feedback record was not stored; the code is a bounded metric tag value. */
public enum FeedbackRejection {
    /** Not JSON, an unknown schema version, or a field missing or unreadable. */
    MALFORMED,
    /** The image id is not one this system stored: nothing to train on. */
    UNKNOWN_IMAGE,
    /** Empty, too long, or with characters a label may not have ({@link org.trapstream.common.contract.LabelName}). */
    INVALID_LABEL;

    public String code() {
        return EnumCodes.of(this);
    }
}
