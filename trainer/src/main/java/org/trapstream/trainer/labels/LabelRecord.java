package org.trapstream.trainer.labels;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * One line of the label log: who said which label an image shows, when, through which channel ({@code source} is
 * {@code feedback} for labels from the feedback topic, {@code import:<dir>} for imports), and where it was taken
 * ({@code site}: the camera id for feedback, the dataset's location for imports; null when unknown, as in lines
 * written before sites were recorded). A dataset may also say when the image was taken ({@code capturedAt}) and
 * where it stands in its burst ({@code sequence}); both null when it does not, and absent from the line then.
 */
public record LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source,
                          String site, Instant capturedAt, Sequence sequence) {

    public static final String SOURCE_FEEDBACK = "feedback";

    /** A frame's place in its burst as a dataset numbers it: burst id, frame number, burst length; each may be null. */
    public record Sequence(String id, Integer frame, Integer frames) {
    }

    /** A label without capture metadata, as feedback gives it. */
    public LabelRecord(String imageId, String label, String labeler, Instant labeledAt, String source, String site) {
        this(imageId, label, labeler, labeledAt, source, site, null, null);
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
        return json;
    }

    public static LabelRecord fromJson(JsonObject json) {
        String captured = json.getString("captured_at");
        boolean inSequence = json.containsKey("seq_id") || json.containsKey("frame_num");
        return new LabelRecord(json.getString("image_id"), json.getString("label"), json.getString("labeler"),
            Instant.parse(json.getString("labeled_at")), json.getString("source"), json.getString("site"),
            captured == null ? null : Instant.parse(captured),
            inSequence ? new Sequence(json.getString("seq_id"), json.getInteger("frame_num"),
                json.getInteger("seq_num_frames")) : null);
    }
}
