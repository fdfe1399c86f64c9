package org.trapstream.serving;

import java.util.Locale;

/** Where a model version stands: freshly trained, serving, or refused (with a reason in its metadata). */
public enum ModelStatus {
    CANDIDATE, PROMOTED, REJECTED;

    /** The value written in {@code metadata.json}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
