package org.trapstream.trainer.labels;

import org.trapstream.common.contract.EnumCodes;

/** Where a labelled image serves: fitting weights, choosing the epoch, or judging model versions. */
public enum Split {
    TRAIN,
    VALIDATION,
    EVALUATION;

    public String code() {
        return EnumCodes.of(this);
    }
}
