package org.trapstream.dashboard;

import java.time.Instant;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.LabelName;

/** The body of {@code POST /api/v1/feedback}, {@code {"image_id": ..., "label": ...}}, checked for shape and format. */
record FeedbackRequest(String imageId, String label) {

    /** Parses a request body; throws {@link FeedbackRejected} saying what is wrong with it. */
    static FeedbackRequest parse(Buffer body) {
        JsonObject json = object(body, "{\"image_id\", \"label\"}");
        if (!(json.getValue("image_id") instanceof String imageId) || !ImageIds.isValid(imageId)) {
            throw FeedbackRejected.invalid("invalid_image_id", "image_id must be 64 lower-case hex digits (SHA-256)");
        }
        return new FeedbackRequest(imageId, label(json));
    }

    /** The body of {@code POST /api/v1/events/{id}/feedback}, {@code {"label": ...}}: the label of every frame. */
    static String parseEventLabel(Buffer body) {
        return label(object(body, "{\"label\"}"));
    }

    private static JsonObject object(Buffer body, String shape) {
        Object decoded;
        try {
            decoded = body == null || body.length() == 0 ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            decoded = null;
        }
        if (!(decoded instanceof JsonObject json)) {
            throw FeedbackRejected.invalid("invalid_json", "The body must be a JSON object " + shape);
        }
        return json;
    }

    private static String label(JsonObject json) {
        if (!(json.getValue("label") instanceof String rawLabel)) {
            throw FeedbackRejected.invalid("invalid_label", "label must be a string: " + LabelName.RULE);
        }
        // The trainer applies the same rule: a label accepted here is never dropped there.
        String label = rawLabel.trim();
        LabelName.problem(label).ifPresent(problem -> {
            throw FeedbackRejected.invalid("invalid_label", problem);
        });
        return label;
    }

    Feedback toFeedback(String labeler, Instant labeledAt, String cameraId) {
        return new Feedback(imageId, label, labeler, labeledAt, cameraId);
    }
}
