package org.trapstream.classifier;

import org.trapstream.common.contract.EnumCodes;

/**
 * A record on camtrap.models the classifier will not act on, and why. Anything that can write to the topic can
 * write such a record, so none of them changes what serves: the classifier logs and counts it and carries on.
 */
final class RefusedAnnouncement extends RuntimeException {

    /** Why, as the {@code reason} tag of {@code camtrap_classifier_announcements_refused_total}. */
    enum Reason {
        /** Not JSON, or a field missing or malformed. */
        UNREADABLE,
        /** A schema version this build does not read. */
        UNSUPPORTED_SCHEMA,
        /** A version the registry does not mark promoted: a rejected or superseded candidate, or none at all. */
        NOT_PROMOTED,
        /** The promoted version, with a checksum other than the registry's. */
        CHECKSUM_MISMATCH;

        String code() {
            return EnumCodes.of(this);
        }
    }

    private final Reason reason;

    RefusedAnnouncement(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
