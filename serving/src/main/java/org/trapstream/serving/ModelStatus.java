package org.trapstream.serving;

import org.trapstream.common.contract.EnumCodes;

/** Where a model version stands: freshly trained, serving, or refused (with a reason in its metadata). */
public enum ModelStatus {
    CANDIDATE, PROMOTED, REJECTED;

    /** The value written in {@code metadata.json}. */
    public String code() {
        return EnumCodes.of(this);
    }

    public static ModelStatus fromCode(String code) {
        return EnumCodes.parse(ModelStatus.class, code, "model status");
    }
}
