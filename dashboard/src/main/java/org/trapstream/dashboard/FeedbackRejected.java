package org.trapstream.dashboard;

/**
 * Why a feedback request was refused: the HTTP status, the error code of the JSON body, and the outcome it is
 * counted as. Expected on bad input, so it carries no stack trace.
 */
final class FeedbackRejected extends RuntimeException {

    private final int status;
    private final String code;
    private final FeedbackOutcome outcome;

    private FeedbackRejected(int status, String code, FeedbackOutcome outcome, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.outcome = outcome;
    }

    static FeedbackRejected invalid(String code, String message) {
        return new FeedbackRejected(400, code, FeedbackOutcome.INVALID, message);
    }

    static FeedbackRejected unknownImage(String imageId) {
        return new FeedbackRejected(404, "unknown_image", FeedbackOutcome.UNKNOWN_IMAGE,
            "No stored image has id " + imageId);
    }

    static FeedbackRejected burstHeldByOther(String eventId) {
        return new FeedbackRejected(409, "lease_not_held", FeedbackOutcome.LEASE_NOT_HELD,
            "Someone else holds a frame of event " + eventId + " for review; ask for the next item");
    }

    static FeedbackRejected leaseNotHeld(String imageId) {
        return new FeedbackRejected(409, "lease_not_held", FeedbackOutcome.LEASE_NOT_HELD,
            "You no longer hold image " + imageId + ": its lease ran out and someone else took it, or it was never "
                + "yours; ask for the next item");
    }

    static FeedbackRejected unknownEvent(String eventId) {
        return new FeedbackRejected(404, "unknown_event", FeedbackOutcome.UNKNOWN_EVENT,
            "No recent event has id " + eventId);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    FeedbackOutcome outcome() {
        return outcome;
    }
}
