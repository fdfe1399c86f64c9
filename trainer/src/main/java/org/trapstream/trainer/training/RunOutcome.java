package org.trapstream.trainer.training;

import org.trapstream.common.contract.EnumCodes;

/** How a training run ended; the code is a metric tag value. */
public enum RunOutcome {
    PROMOTED,
    REJECTED,
    FAILED;

    public String code() {
        return EnumCodes.of(this);
    }
}
