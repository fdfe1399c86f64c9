package org.trapstream.trainer.labels;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * One line of the label log: who said which label an image shows, when, through which channel ({@code source} is
 * {@code feedback} for labels from the feedback topic, {@code import:<dir>} for imports), and where it was taken
 * ({@code site}: the camera id for feedback, the dataset's location for imports; null when unknown, as in lines
 * written before sites were recorded). A dataset may also say when the image was taken ({@code capturedAt}) and
 * where it stands in its burst ({@code sequence}); both null when it does not, and absent from the line then.
 *
 * <p>A line with {@code retracts_labeled_at} is a retraction: its labeler takes back the label they gave the image
 * at that instant, and {@code label} is null. It undoes that label only while it is still the image's latest.
 */
public record LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source,
                          String site, Instant capturedAt, Sequence sequence, Instant retractsLabeledAt) {

    public static final String SOURCE_FEEDBACK = "feedback";

    /** A frame's place in its burst as a dataset numbers it: burst id, frame number, burst length; each may be null. */
    public record Sequence(String id, Integer frame, Integer frames) {
    }

    /** A label without capture metadata, as feedback gives it. */
    public LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source, String site) {
        this(imageId, label, labeler, labeledAt, source, site, null, null, null);
    }

    /** A label with what a dataset says of its capture. */
    public LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source, String site,
                       Instant capturedAt, Sequence sequence) {
        this(imageId, label, labeler, labeledAt, source, site, capturedAt, sequence, null);
    }

    /** {@code labeler} taking back, at {@code labeledAt}, the label they gave the image at {@code retracted}. */
    public static LabelRecord retraction(String imageId, String labeler, Instant labeledAt, String source, String site,
                                         Instant retracted) {
        return new LabelRecord(imageId, null, labeler, labeledAt, source, site, null, null, retracted);
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
        if (capturedAt != null) {
            json.put("captured_at", capturedAt.toString());
        }
        if (sequence != null) {
            json.put("seq_id", sequence.id()).put("frame_num", sequence.frame()).put("seq_num_frames", sequence.frames());
        }
        return retractsLabeledAt == null ? json : json.put("retracts_labeled_at", retractsLabeledAt.toString());
    }

    public static LabelRecord fromJson(JsonObject json) {
        String captured = json.getString("captured_at");
        String retracts = json.getString("retracts_labeled_at");
        boolean inSequence = json.containsKey("seq_id") || json.containsKey("frame_num");
        return new LabelRecord(json.getString("image_id"), json.getString("label"), json.getString("labeler"),
            Instant.parse(json.getString("labeled_at")), json.getString("source"), json.getString("site"),
            captured == null ? null : Instant.parse(captured),
            inSequence ? new Sequence(json.getString("seq_id"), json.getInteger("frame_num"),
                json.getInteger("seq_num_frames")) : null,
            retracts == null ? null : Instant.parse(retracts));
    }
}
