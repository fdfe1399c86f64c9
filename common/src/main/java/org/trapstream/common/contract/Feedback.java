package org.trapstream.common.contract;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A human label for an image, or the taking back of one, on {@link Topics#FEEDBACK} keyed by image id; the last
 * label for an image wins. The label should follow {@link LabelName}; it is checked where feedback is sent and
 * where it is consumed rather than here, so a consumer can tell a bad label apart from an unreadable record.
 *
 * <p>{@code camera_id} is the camera that sent the image, when the sender knows it (null otherwise): the trainer
 * keeps whole cameras out of training to judge candidates at sites they never saw. It was added to schema version
 * 1 without changing it; a reader of older feedback finds it absent and reads null.
 *
 * <p>Schema version 2 adds two optional fields, and a record is written as version 1 whenever it has neither, so
 * a plain label stays readable by every reader:
 * <ul>
 *   <li>{@code species}: every species seen in the image with how many individuals, {@code [{"label", "count"}]};
 *   {@code label} is then the first of them (the one a single-label reader trains on).</li>
 *   <li>{@code retracts_labeled_at}: a retraction. The labeler takes back the label they gave the image at that
 *   instant; {@code label} is null. A reader that still holds exactly that label for the image forgets it; one that
 *   has a later label since keeps the later one.</li>
 * </ul>
 */
public record Feedback(String imageId, String label, String labeler, Instant labeledAt, String cameraId,
                       List<SpeciesCount> species, Instant retractsLabeledAt) {

    public static final int SCHEMA_VERSION = 2;
    /** The version of a record with neither species counts nor a retraction. */
    public static final int PLAIN_SCHEMA_VERSION = 1;

    /** How many individuals of one species an image shows. */
    public record SpeciesCount(String label, int count) {

        public JsonObject toJson() {
            return new JsonObject().put("label", label).put("count", count);
        }

        static SpeciesCount fromJson(JsonObject json) {
            return new SpeciesCount(json.getString("label"), json.getInteger("count"));
        }
    }

    public Feedback {
        species = species == null ? List.of() : List.copyOf(species);
    }

    /** A plain label. */
    public Feedback(String imageId, String label, String labeler, Instant labeledAt, String cameraId) {
        this(imageId, label, labeler, labeledAt, cameraId, List.of(), null);
    }

    /** Labels with the species and counts of an image; the first species is its {@link #label}. */
    public static Feedback ofSpecies(String imageId, List<SpeciesCount> species, String labeler, Instant labeledAt,
                                     String cameraId) {
        if (species.isEmpty()) {
            throw new IllegalArgumentException("at least one species");
        }
        return new Feedback(imageId, species.get(0).label(), labeler, labeledAt, cameraId, species, null);
    }

    /** Takes back {@code labeler}'s label of {@code imageId} given at {@code retracted}. */
    public static Feedback retraction(String imageId, String labeler, Instant labeledAt, String cameraId,
                                      Instant retracted) {
        return new Feedback(imageId, null, labeler, labeledAt, cameraId, List.of(), retracted);
    }

    public boolean isRetraction() {
        return retractsLabeledAt != null;
    }

    public JsonObject toJson() {
        boolean plain = species.isEmpty() && retractsLabeledAt == null;
        JsonObject json = new JsonObject()
            .put("schema_version", plain ? PLAIN_SCHEMA_VERSION : SCHEMA_VERSION)
            .put("image_id", imageId)
            .put("label", label)
            .put("labeler", labeler)
            .put("labeled_at", labeledAt.toString())
            .put("camera_id", cameraId);
        if (!species.isEmpty()) {
            json.put("species", new JsonArray(species.stream().map(SpeciesCount::toJson).toList()));
        }
        if (retractsLabeledAt != null) {
            json.put("retracts_labeled_at", retractsLabeledAt.toString());
        }
        return json;
    }

    public static Feedback fromJson(JsonObject json) {
        int version = json.getInteger("schema_version", 0);
        if (version != PLAIN_SCHEMA_VERSION && version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported feedback schema_version " + version);
        }
        JsonArray species = json.getJsonArray("species", new JsonArray());
        String retracts = json.getString("retracts_labeled_at");
        return new Feedback(json.getString("image_id"), json.getString("label"), json.getString("labeler"),
            Instant.parse(json.getString("labeled_at")), json.getString("camera_id"),
            species.stream().map(entry -> SpeciesCount.fromJson((JsonObject) entry)).toList(),
            retracts == null ? null : Instant.parse(retracts));
    }
}
