package org.trapstream.dashboard;

import java.util.Locale;

/** What became of a feedback request: the {@code outcome} tag of the {@code camtrap.dashboard.feedback} counter. */
enum FeedbackOutcome {
    ACCEPTED, INVALID, LEASE_NOT_HELD, UNKNOWN_IMAGE, UNKNOWN_EVENT, FAILED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
