package org.trapstream.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.LabelName;

/**
 * The body of {@code POST /api/v1/feedback} and {@code POST /api/v1/review/answer}, checked for shape and format:
 * {@code {"image_id": ..., "label": ...}}, or {@code {"image_id": ..., "species": [{"label": ..., "count": N}]}} for
 * an image with several species (the first is then its label). {@code species} is empty for a plain label.
 */
record FeedbackRequest(String imageId, String label, List<Feedback.SpeciesCount> species) {

    static final int MAX_SPECIES = 10;
    static final int MAX_COUNT = 1000;

    FeedbackRequest(String imageId, String label) {
        this(imageId, label, List.of());
    }

    /** Parses a request body; throws {@link FeedbackRejected} saying what is wrong with it. */
    static FeedbackRequest parse(Buffer body) {
        JsonObject json = object(body, "{\"image_id\", \"label\"}");
        if (!(json.getValue("image_id") instanceof String imageId) || !ImageIds.isValid(imageId)) {
            throw FeedbackRejected.invalid("invalid_image_id", "image_id must be 64 lower-case hex digits (SHA-256)");
        }
        if (json.containsKey("species")) {
            List<Feedback.SpeciesCount> species = species(json.getValue("species"));
            return new FeedbackRequest(imageId, species.get(0).label(), species);
        }
        return new FeedbackRequest(imageId, label(json.getValue("label")));
    }

    /** The body of {@code POST /api/v1/events/{id}/feedback}, {@code {"label": ...}}: the label of every frame. */
    static String parseEventLabel(Buffer body) {
        return label(object(body, "{\"label\"}").getValue("label"));
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

    private static List<Feedback.SpeciesCount> species(Object value) {
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_SPECIES) {
            throw FeedbackRejected.invalid("invalid_species",
                "species must be a list of 1 to " + MAX_SPECIES + " objects {\"label\", \"count\"}");
        }
        List<Feedback.SpeciesCount> species = new ArrayList<>();
        for (Object entry : array) {
            if (!(entry instanceof JsonObject json) || !(json.getValue("count") instanceof Integer count)
                || count < 1 || count > MAX_COUNT) {
                throw FeedbackRejected.invalid("invalid_species",
                    "each species is {\"label\", \"count\"} with a count from 1 to " + MAX_COUNT);
            }
            String label = label(json.getValue("label"));
            if (species.stream().anyMatch(seen -> seen.label().equals(label))) {
                throw FeedbackRejected.invalid("invalid_species", "the species '" + label + "' is listed twice");
            }
            species.add(new Feedback.SpeciesCount(label, count));
        }
        return List.copyOf(species);
    }

    private static String label(Object value) {
        if (!(value instanceof String rawLabel)) {
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
        return species.isEmpty() ? new Feedback(imageId, label, labeler, labeledAt, cameraId)
            : Feedback.ofSpecies(imageId, species, labeler, labeledAt, cameraId);
    }
}
