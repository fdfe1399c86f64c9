package org.trapstream.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.vertx.core.json.JsonObject;

/**
 * A version's out-of-distribution check, fitted when it was trained and stored under {@code metrics.ood} of its
 * {@code metadata.json}: an image whose {@link OodScore} exceeds {@code threshold} is flagged. The threshold was
 * chosen so that a share {@code targetFpr} of the in-distribution validation images would be flagged;
 * {@code validationFpr} is the share that actually was. A detector fitted without validation images has an infinite
 * threshold (stored as null) and never flags.
 *
 * <p>A detector on features ({@link OodScore#MAHALANOBIS}) also needs its {@link FeatureGaussian}, kept beside the
 * network in the version's directory; the metadata records its width and SHA-256 under {@code parameters}, and
 * {@link #withGaussianFrom} reads and checks it.
 *
 * @param temperature      the score's temperature (energy), 1 for methods without one
 * @param validationImages the validation images the threshold was fitted on
 * @param gaussian         the feature Gaussian of a feature detector once read or fitted, else null
 * @param gaussianSha256   the SHA-256 of a feature detector's {@link FeatureGaussian#FILE}, else null
 * @param featureWidth     the width of a feature detector's features, else 0
 */
public record OodDetector(OodScore method, double temperature, double threshold, double targetFpr,
                          double validationFpr, int validationImages, FeatureGaussian gaussian,
                          String gaussianSha256, int featureWidth) {

    /** Key of the detector in a version's {@code metrics}. */
    public static final String METRICS_KEY = "ood";

    /** A detector on the softmax row. */
    public OodDetector(OodScore method, double temperature, double threshold, double targetFpr, double validationFpr,
                       int validationImages) {
        this(method, temperature, threshold, targetFpr, validationFpr, validationImages, null, null, 0);
    }

    /** A detector on features, with the Gaussian it was fitted with. */
    public static OodDetector onFeatures(FeatureGaussian gaussian, double threshold, double targetFpr,
                                         double validationFpr, int validationImages) {
        return new OodDetector(OodScore.MAHALANOBIS, 1, threshold, targetFpr, validationFpr, validationImages,
            gaussian, gaussian.sha256(), gaussian.width());
    }

    /** Whether scoring needs the network's feature output beside its class scores. */
    public boolean readsFeatures() {
        return method.readsFeatures();
    }

    /** The score of an image from its softmax row at temperature 1 and, for a feature detector, its features. */
    public double score(float[] probabilities, float[] features) {
        if (!readsFeatures()) {
            return method.score(probabilities, temperature);
        }
        if (gaussian == null) {
            throw new IllegalStateException("the feature Gaussian of this detector was not read: see withGaussianFrom");
        }
        return gaussian.distance(features);
    }

    /** The score of a softmax row, for a detector that reads nothing else. */
    public double score(float[] probabilities) {
        return score(probabilities, null);
    }

    public boolean flags(double score) {
        return score > threshold;
    }

    /**
     * This detector with its {@link FeatureGaussian} read from a version's directory, checked against the width and
     * checksum recorded here; a detector on the softmax row comes back as it is.
     *
     * @throws IOException when the file is missing or is not the Gaussian the metadata records
     */
    public OodDetector withGaussianFrom(Path versionDirectory) throws IOException {
        if (!readsFeatures() || gaussian != null) {
            return this;
        }
        return new OodDetector(method, temperature, threshold, targetFpr, validationFpr, validationImages,
            FeatureGaussian.read(versionDirectory, gaussianSha256, featureWidth), gaussianSha256, featureWidth);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
            .put("method", method.code())
            .put("temperature", temperature)
            .put("threshold", Double.isFinite(threshold) ? threshold : null)
            .put("target_fpr", targetFpr)
            .put("validation_fpr", validationFpr)
            .put("validation_images", validationImages);
        if (readsFeatures()) {
            json.put("parameters", new JsonObject()
                .put("file", FeatureGaussian.FILE)
                .put("sha256", gaussianSha256)
                .put("feature_width", featureWidth));
        }
        return json;
    }

    /**
     * The detector in {@code metrics}, or empty for a version trained before detectors existed; a feature detector
     * comes without its Gaussian (see {@link #withGaussianFrom}).
     */
    public static Optional<OodDetector> of(JsonObject metrics) {
        JsonObject json = metrics.getJsonObject(METRICS_KEY);
        if (json == null) {
            return Optional.empty();
        }
        Double threshold = json.getDouble("threshold");
        JsonObject parameters = json.getJsonObject("parameters", new JsonObject());
        return Optional.of(new OodDetector(OodScore.fromCode(json.getString("method")),
            json.getDouble("temperature", 1.0), threshold == null ? Double.POSITIVE_INFINITY : threshold,
            json.getDouble("target_fpr"), json.getDouble("validation_fpr"), json.getInteger("validation_images", 0),
            null, parameters.getString("sha256"), parameters.getInteger("feature_width", 0)));
    }
}
