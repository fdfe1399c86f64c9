package org.trapstream.common.contract;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * A human label for an image, on {@link Topics#FEEDBACK} keyed by image id; the last label for an image wins. The
 * label should follow {@link LabelName}; it is checked where feedback is sent and where it is consumed rather than
 * here, so a consumer can tell a bad label apart from an unreadable record.
 *
 * <p>{@code camera_id} is the camera that sent the image, when the sender knows it (null otherwise): the trainer
 * keeps whole cameras out of training to judge candidates at sites they never saw. It was added to schema version
 * 1 without changing it; a reader of older feedback finds it absent and reads null.
 */
public record Feedback(String imageId, String label, String labeler, Instant labeledAt, String cameraId) {

    public static final int SCHEMA_VERSION = 1;

    public JsonObject toJson() {
        return new JsonObject()
            .put("schema_version", SCHEMA_VERSION)
            .put("image_id", imageId)
            .put("label", label)
            .put("labeler", labeler)
            .put("labeled_at", labeledAt.toString())
            .put("camera_id", cameraId);
    }

    public static Feedback fromJson(JsonObject json) {
        int version = json.getInteger("schema_version", 0);
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported feedback schema_version " + version);
        }
        return new Feedback(json.getString("image_id"), json.getString("label"), json.getString("labeler"),
            Instant.parse(json.getString("labeled_at")), json.getString("camera_id"));
    }
}
