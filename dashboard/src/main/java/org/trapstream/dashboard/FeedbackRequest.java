package org.trapstream.dashboard;

import java.time.Instant;
import java.util.regex.Pattern;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;

/** The body of {@code POST /api/v1/feedback}, {@code {"image_id": ..., "label": ...}}, checked for shape and format. */
record FeedbackRequest(String imageId, String label) {

    static final int MAX_LABEL_LENGTH = 64;

    /**
     * Letters, digits, space, {@code _ . -}; starting with a letter, digit or underscore and ending with one of those
     * or a dot: labels become class names of the next model, which the trainer accepts in this form.
     */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9 _.-]{0,62}[A-Za-z0-9_.])?");

    /** Parses a request body; throws {@link FeedbackRejected} saying what is wrong with it. */
    static FeedbackRequest parse(Buffer body) {
        Object decoded;
        try {
            decoded = body == null || body.length() == 0 ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            decoded = null;
        }
        if (!(decoded instanceof JsonObject json)) {
            throw FeedbackRejected.invalid("invalid_json", "The body must be a JSON object {\"image_id\", \"label\"}");
        }
        if (!(json.getValue("image_id") instanceof String imageId) || !ImageIds.isValid(imageId)) {
            throw FeedbackRejected.invalid("invalid_image_id", "image_id must be 64 lower-case hex digits (SHA-256)");
        }
        if (!(json.getValue("label") instanceof String rawLabel) || !LABEL.matcher(rawLabel.trim()).matches()) {
            throw FeedbackRejected.invalid("invalid_label", "label must be 1 to " + MAX_LABEL_LENGTH
                + " letters, digits, spaces or _ . - characters, starting with a letter, digit or _");
        }
        return new FeedbackRequest(imageId, rawLabel.trim());
    }

    Feedback toFeedback(String labeler, Instant labeledAt) {
        return new Feedback(imageId, label, labeler, labeledAt);
    }
}
