package org.trapstream.trainer.labels;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * One line of the label log: who said which label an image shows, when, through which channel ({@code source} is
 * {@code feedback} for labels from the feedback topic, {@code import:<dir>} for imports), and where it was taken
 * ({@code site}: the camera id for feedback, the dataset's location for imports; null when unknown, as in lines
 * written before sites were recorded).
 *
 * <p>A line with {@code retracts_labeled_at} is a retraction: its labeler takes back the label they gave the image
 * at that instant, and {@code label} is null. It undoes that label only while it is still the image's latest.
 */
public record LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source,
                          String site, Instant retractsLabeledAt) {

    public static final String SOURCE_FEEDBACK = "feedback";

    /** A label. */
    public LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source, String site) {
        this(imageId, label, labeler, labeledAt, source, site, null);
    }

    public boolean isRetraction() {
        return retractsLabeledAt != null;
    }

    /** Whether this retraction takes back {@code label}: the same labeler's label of the same image at that instant. */
    public boolean retracts(LabelRecord label) {
        return isRetraction() && label != null && !label.isRetraction() && label.imageId().equals(imageId)
            && label.labeler().equals(labeler) && label.labeledAt().equals(retractsLabeledAt);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
            .put("image_id", imageId)
            .put("label", label)
            .put("labeler", labeler)
            .put("labeled_at", labeledAt.toString())
            .put("source", source)
            .put("site", site);
        return retractsLabeledAt == null ? json : json.put("retracts_labeled_at", retractsLabeledAt.toString());
    }

    public static LabelRecord fromJson(JsonObject json) {
        String retracts = json.getString("retracts_labeled_at");
        return new LabelRecord(json.getString("image_id"), json.getString("label"), json.getString("labeler"),
            Instant.parse(json.getString("labeled_at")), json.getString("source"), json.getString("site"),
            retracts == null ? null : Instant.parse(retracts));
    }
}
