package org.trapstream.common.contract;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One image's prediction, on {@link Topics#PREDICTIONS} (and on {@link Topics#REVIEW} when routed there),
 * keyed by image id. JSON with snake_case fields and {@code schema_version} {@value #SCHEMA_VERSION}.
 *
 * <p>One kind of review item is not a prediction: while no model serves yet (a cold start), the classifier puts
 * each waiting image on {@link Topics#REVIEW} alone, as {@link #awaitingModel}, so that labelers can give the
 * labels the first model is trained from. Such an item has review reason {@link Review#NO_MODEL} and carries no
 * label: {@code label} and {@code model_version} are null, {@code confidence} is 0, {@code top_k} is empty and the
 * timings are 0. The image's real prediction follows once a model serves.
 *
 * <p>{@code ood_score} is how far the image lies outside what the model was trained on (higher is further; null,
 * read as NaN, when the version has no out-of-distribution detector), and {@code out_of_distribution} whether it
 * passed the version's threshold. Both were added to schema version 1 without changing it: a reader of older
 * predictions finds them absent and reads NaN and false.
 */
public record Prediction(String imageId, String cameraId, Instant capturedAt, String modelVersion,
                         String label, double confidence, List<LabelScore> topK, double oodScore,
                         boolean outOfDistribution, boolean empty, Review review, Timings timings, Instant classifiedAt) {

    public static final int SCHEMA_VERSION = 1;

    public record LabelScore(String label, double confidence) {
        JsonObject toJson() {
            return new JsonObject().put("label", label).put("confidence", confidence);
        }

        static LabelScore fromJson(JsonObject json) {
            return new LabelScore(json.getString("label"), json.getDouble("confidence"));
        }
    }

    /** Whether the prediction was also sent for human review, and the reasons (e.g. low_confidence). */
    public record Review(boolean routed, List<String> reasons) {
        public static final String LOW_CONFIDENCE = "low_confidence";
        public static final String LOW_MARGIN = "low_margin";
        public static final String QA_SAMPLE = "qa_sample";
        /** The image lies outside what the model was trained on: its OOD score passed the version's threshold. */
        public static final String OUT_OF_DISTRIBUTION = "out_of_distribution";
        /** One of the first images of a camera the serving version was not trained on. */
        public static final String NEW_CAMERA = "new_camera";
        /** Another tool's classification, imported for review (e.g. from a MegaDetector results file). */
        public static final String IMPORTED = "imported";
        /** No model serves yet: the image waits for a label, see {@link Prediction#awaitingModel}. */
        public static final String NO_MODEL = "no_model";

        public static Review none() {
            return new Review(false, List.of());
        }
    }

    /** Milliseconds spent waiting in the queue, decoding, in inference, and from receipt to publication. */
    public record Timings(double queueMs, double decodeMs, double inferenceMs, double totalMs) {}

    /** The review item of an image seen while no model serves: no label, reason {@link Review#NO_MODEL}. */
    public static Prediction awaitingModel(String imageId, String cameraId, Instant capturedAt, Instant at) {
        return new Prediction(imageId, cameraId, capturedAt, null, null, 0.0, List.of(), Double.NaN, false, false,
            new Review(true, List.of(Review.NO_MODEL)), new Timings(0, 0, 0, 0), at);
    }

    /** Whether this is a review item made while no model served, which carries no label. */
    public boolean awaitsModel() {
        return review.reasons().contains(Review.NO_MODEL);
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("schema_version", SCHEMA_VERSION)
            .put("image_id", imageId)
            .put("camera_id", cameraId)
            .put("captured_at", capturedAt == null ? null : capturedAt.toString())
            .put("model_version", modelVersion)
            .put("label", label)
            .put("confidence", confidence)
            .put("top_k", new JsonArray(topK.stream().map(LabelScore::toJson).toList()))
            .put("ood_score", Double.isFinite(oodScore) ? oodScore : null)
            .put("out_of_distribution", outOfDistribution)
            .put("empty", empty)
            .put("review", new JsonObject().put("routed", review.routed()).put("reasons", new JsonArray(review.reasons())))
            .put("timings_ms", new JsonObject()
                .put("queue", timings.queueMs())
                .put("decode", timings.decodeMs())
                .put("inference", timings.inferenceMs())
                .put("total", timings.totalMs()))
            .put("classified_at", classifiedAt.toString());
    }

    public static Prediction fromJson(JsonObject json) {
        int version = json.getInteger("schema_version", 0);
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported prediction schema_version " + version);
        }
        JsonObject review = json.getJsonObject("review");
        JsonObject timings = json.getJsonObject("timings_ms");
        String captured = json.getString("captured_at");
        Double oodScore = json.getDouble("ood_score");
        return new Prediction(
            json.getString("image_id"),
            json.getString("camera_id"),
            captured == null ? null : Instant.parse(captured),
            json.getString("model_version"),
            json.getString("label"),
            json.getDouble("confidence"),
            json.getJsonArray("top_k").stream().map(o -> LabelScore.fromJson((JsonObject) o)).toList(),
            oodScore == null ? Double.NaN : oodScore,
            json.getBoolean("out_of_distribution", false),
            json.getBoolean("empty", false),
            new Review(review.getBoolean("routed"), review.getJsonArray("reasons").stream().map(String::valueOf).toList()),
            new Timings(timings.getDouble("queue"), timings.getDouble("decode"),
                timings.getDouble("inference"), timings.getDouble("total")),
            Instant.parse(json.getString("classified_at")));
    }
}
