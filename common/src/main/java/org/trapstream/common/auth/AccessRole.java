package org.trapstream.common.auth;

import java.util.Locale;

/**
 * What a person may do, each role including the ones before it: viewers read predictions, review items, labels,
 * stats and images; labelers also send feedback; operators also promote models.
 */
public enum AccessRole {
    VIEWER, LABELER, OPERATOR;

    public boolean includes(AccessRole needed) {
        return compareTo(needed) >= 0;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
