package org.trapstream.model.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An evaluation image the model got wrong, as a version's metadata keeps it under {@code metrics.misclassified}:
 * the most confident mistakes first, at most {@value #MAX_KEPT}, so people see what the model confuses (the grid
 * the seed tutorials plot) without the metadata growing with the evaluation set.
 *
 * @param source     where the image came from: its path relative to the evaluation folder for a folder dataset
 *                   ({@code data.test.source}), its image id for an image streamed in
 * @param truth      its true label (perhaps a class the model does not know)
 * @param predicted  the model's top label
 * @param confidence the model's probability for {@code predicted} at its calibrated temperature, as it would
 *                   serve it
 */
public record Misclassified(String source, String truth, String predicted, double confidence) {

    /** Key of the list in a version's {@code metrics}. */
    public static final String METRICS_KEY = "misclassified";
    /** Mistakes kept per version: one grid a person can take in. */
    public static final int MAX_KEPT = 16;

    private static final Comparator<Misclassified> MOST_CONFIDENT_FIRST =
        Comparator.comparingDouble(Misclassified::confidence).reversed()
            .thenComparing(Misclassified::source, Comparator.nullsLast(Comparator.naturalOrder()));

    /**
     * The {@value #MAX_KEPT} most confident mistakes among the evaluation images (ties by source).
     *
     * @param labels        the model's outputs in order
     * @param truths        each image's true label
     * @param probabilities each image's softmax row at temperature 1
     * @param sources       each image's {@link #source}
     * @param temperature   the model's calibrated temperature
     * @throws IllegalArgumentException when the three lists are not of one length
     */
    public static List<Misclassified> mostConfident(List<String> labels, List<String> truths, float[][] probabilities,
                                                    List<String> sources, double temperature) {
        if (truths.size() != probabilities.length || sources.size() != probabilities.length) {
            throw new IllegalArgumentException("Misclassified images need one truth and one source per row: "
                + probabilities.length + " rows, " + truths.size() + " truths, " + sources.size() + " sources");
        }
        List<Misclassified> mistakes = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            String predicted = labels.get(Scoring.argMax(probabilities[i]));
            if (!predicted.equals(truths.get(i))) {
                mistakes.add(new Misclassified(sources.get(i), truths.get(i), predicted,
                    TemperatureScaling.confidence(probabilities[i], temperature)));
            }
        }
        return mistakes.stream().sorted(MOST_CONFIDENT_FIRST).limit(MAX_KEPT).toList();
    }

    public JsonObject toJson() {
        return new JsonObject().put("source", source).put("truth", truth).put("predicted", predicted)
            .put("confidence", confidence);
    }

    public static JsonArray toJson(List<Misclassified> mistakes) {
        return new JsonArray(mistakes.stream().map(Misclassified::toJson).toList());
    }

    /**
     * The list a version's {@code metrics} keep (no more than {@value #MAX_KEPT}, whatever the file holds); empty
     * for a version saved before it was kept.
     */
    public static List<Misclassified> of(JsonObject metrics) {
        JsonArray kept = metrics.getJsonArray(METRICS_KEY, new JsonArray());
        List<Misclassified> mistakes = new ArrayList<>();
        for (int i = 0; i < Math.min(kept.size(), MAX_KEPT); i++) {
            JsonObject entry = kept.getJsonObject(i);
            mistakes.add(new Misclassified(entry.getString("source"), entry.getString("truth"),
                entry.getString("predicted"), entry.getDouble("confidence")));
        }
        return mistakes;
    }
}
