package org.trapstream.serving;

import java.util.Optional;

import io.vertx.core.json.JsonObject;

/**
 * A version's out-of-distribution check, fitted when it was trained and stored under {@code metrics.ood} of its
 * {@code metadata.json}: an image whose {@link OodScore} exceeds {@code threshold} is flagged. The threshold was
 * chosen so that a share {@code targetFpr} of the in-distribution validation images would be flagged;
 * {@code validationFpr} is the share that actually was. A detector fitted without validation images has an infinite
 * threshold (stored as null) and never flags.
 *
 * @param temperature      the score's temperature (energy), 1 for methods without one
 * @param validationImages the validation images the threshold was fitted on
 */
public record OodDetector(OodScore method, double temperature, double threshold, double targetFpr,
                          double validationFpr, int validationImages) {

    /** Key of the detector in a version's {@code metrics}. */
    public static final String METRICS_KEY = "ood";

    public double score(float[] probabilities) {
        return method.score(probabilities, temperature);
    }

    public boolean flags(double score) {
        return score > threshold;
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("method", method.code())
            .put("temperature", temperature)
            .put("threshold", Double.isFinite(threshold) ? threshold : null)
            .put("target_fpr", targetFpr)
            .put("validation_fpr", validationFpr)
            .put("validation_images", validationImages);
    }

    /** The detector in {@code metrics}, or empty for a version trained before detectors existed. */
    public static Optional<OodDetector> of(JsonObject metrics) {
        JsonObject json = metrics.getJsonObject(METRICS_KEY);
        if (json == null) {
            return Optional.empty();
        }
        Double threshold = json.getDouble("threshold");
        return Optional.of(new OodDetector(OodScore.fromCode(json.getString("method")),
            json.getDouble("temperature", 1.0), threshold == null ? Double.POSITIVE_INFINITY : threshold,
            json.getDouble("target_fpr"),
            json.getDouble("validation_fpr"), json.getInteger("validation_images", 0)));
    }
}
