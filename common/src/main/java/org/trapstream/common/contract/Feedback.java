package org.trapstream.common.contract;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/** A human label for an image, on {@link Topics#FEEDBACK} keyed by image id; the last label for an image wins. */
public record Feedback(String imageId, String label, String labeler, Instant labeledAt) {

    public static final int SCHEMA_VERSION = 1;

    public JsonObject toJson() {
        return new JsonObject()
            .put("schema_version", SCHEMA_VERSION)
            .put("image_id", imageId)
            .put("label", label)
            .put("labeler", labeler)
            .put("labeled_at", labeledAt.toString());
    }

    public static Feedback fromJson(JsonObject json) {
        int version = json.getInteger("schema_version", 0);
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported feedback schema_version " + version);
        }
        return new Feedback(json.getString("image_id"), json.getString("label"), json.getString("labeler"),
            Instant.parse(json.getString("labeled_at")));
    }
}
