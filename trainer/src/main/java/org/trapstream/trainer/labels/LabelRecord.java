package org.trapstream.trainer.labels;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * One line of the label log: who said which label an image shows, when, through which channel ({@code source} is
 * {@code feedback} for labels from the feedback topic, {@code import:<dir>} for imports), and where it was taken
 * ({@code site}: the camera id for feedback, the dataset's location for imports; null when unknown, as in lines
 * written before sites were recorded).
 */
public record LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source,
                          String site) {

    public static final String SOURCE_FEEDBACK = "feedback";

    public JsonObject toJson() {
        return new JsonObject()
            .put("image_id", imageId)
            .put("label", label)
            .put("labeler", labeler)
            .put("labeled_at", labeledAt.toString())
            .put("source", source)
            .put("site", site);
    }

    public static LabelRecord fromJson(JsonObject json) {
        return new LabelRecord(json.getString("image_id"), json.getString("label"), json.getString("labeler"),
            Instant.parse(json.getString("labeled_at")), json.getString("source"), json.getString("site"));
    }
}
