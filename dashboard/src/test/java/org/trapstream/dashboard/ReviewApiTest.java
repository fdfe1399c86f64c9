package org.trapstream.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/** {@code GET /api/v1/review}, {@code /labels} and {@code /stats} against records on the real topics. */
class ReviewApiTest extends DashboardApiTest {

    private static Prediction uncertain(String imageId) {
        return prediction(imageId, List.of(new Prediction.LabelScore("moonrat", 0.44),
                new Prediction.LabelScore("mouse_deer", 0.38), new Prediction.LabelScore("leopard_cat", 0.1)),
            List.of(Prediction.Review.LOW_CONFIDENCE, Prediction.Review.LOW_MARGIN));
    }

    private static Prediction confident(String imageId) {
        return prediction(imageId, List.of(new Prediction.LabelScore("moonrat", 0.93),
            new Prediction.LabelScore("mouse_deer", 0.05)), List.of());
    }

    private static JsonArray openItems() {
        return new JsonArray(dashboard.get("/api/v1/review?limit=500").body());
    }

    private static List<String> openIds() {
        return ids("/api/v1/review?limit=500");
    }

    private static List<String> ids(String path) {
        return new JsonArray(dashboard.get(path).body()).stream()
            .map(item -> ((JsonObject) item).getString("image_id")).toList();
    }

    private static Optional<JsonObject> openItem(String imageId) {
        return openItems().stream().map(JsonObject.class::cast)
            .filter(i -> imageId.equals(i.getString("image_id"))).findFirst();
    }

    private static void awaitOpen(String imageId) {
        eventually(imageId + " on the review list",
            () -> openIds().contains(imageId) ? Optional.of(true) : Optional.empty());
    }

    @Test
    void aReviewItemIsListedWithWhatALabelerNeeds() {
        String imageId = unknownImageId();
        dashboard.publishPrediction(Topics.REVIEW, uncertain(imageId));
        awaitOpen(imageId);

        JsonObject item = openItem(imageId).orElseThrow();
        assertEquals("cam-north-03", item.getString("camera_id"));
        assertEquals("moonrat", item.getString("label"));
        assertEquals(0.44, item.getDouble("confidence"));
        assertEquals("v7", item.getString("model_version"));
        assertEquals(new JsonArray().add("low_confidence").add("low_margin"), item.getJsonArray("reasons"));
        assertEquals(3, item.getJsonArray("top_k").size());
        assertEquals(new JsonObject().put("label", "mouse_deer").put("confidence", 0.38),
            item.getJsonArray("top_k").getJsonObject(1));
    }

    @Test
    void theImageOfAReviewItemIsKeptFromRetention() {
        String imageId = dashboard.storeImage(DashboardHarness.uniquePng());
        assertFalse(dashboard.isKept(imageId));

        dashboard.publishPrediction(Topics.REVIEW, uncertain(imageId));

        eventually(imageId + " kept", () -> dashboard.isKept(imageId) ? Optional.of(true) : Optional.empty());
    }

    @Test
    void anImageWaitingForTheFirstModelIsListedWithoutALabelUntilTheModelsPredictionTakesItsPlace() {
        String imageId = unknownImageId();
        dashboard.publishPrediction(Topics.REVIEW, Prediction.awaitingModel(imageId, "cam-north-03", null, Instant.now()));
        awaitOpen(imageId);

        JsonObject waiting = openItem(imageId).orElseThrow();
        assertTrue(waiting.containsKey("label") && waiting.getValue("label") == null, waiting.encode());
        assertNull(waiting.getValue("model_version"));
        assertEquals(new JsonArray().add(Prediction.Review.NO_MODEL), waiting.getJsonArray("reasons"));
        assertEquals(new JsonArray(), waiting.getJsonArray("top_k"));
        assertEquals(0.0, waiting.getDouble("confidence"));
        assertEquals(404, dashboard.get("/api/v1/predictions/" + imageId).statusCode(), "not a prediction");

        // The first model is sure of it, so it is not routed to review: the item stays open with the guess.
        dashboard.publishPrediction(Topics.PREDICTIONS, confident(imageId));
        JsonObject guessed = eventually("the model's guess on the open item", () -> openItem(imageId)
            .filter(item -> "moonrat".equals(item.getString("label"))));
        assertEquals("v7", guessed.getString("model_version"));
        assertEquals(1, openIds().stream().filter(imageId::equals).count(), "one item per image");
    }

    @Test
    void anItemWithoutALabelReadAfterItsImagesPredictionShowsThePrediction() {
        String imageId = unknownImageId();
        dashboard.publishPrediction(Topics.PREDICTIONS, confident(imageId));
        eventually("the prediction", () -> dashboard.get("/api/v1/predictions/" + imageId).statusCode() == 200
            ? Optional.of(true) : Optional.empty());

        dashboard.publishPrediction(Topics.REVIEW, Prediction.awaitingModel(imageId, "cam-north-03", null, Instant.now()));
        awaitOpen(imageId);
        assertEquals("moonrat", openItem(imageId).orElseThrow().getString("label"));
    }

    @Test
    void newestItemsComeFirstAndTheLimitIsHonoured() {
        String older = unknownImageId();
        String newer = unknownImageId();
        dashboard.publishPrediction(Topics.REVIEW, uncertain(older));
        dashboard.publishPrediction(Topics.REVIEW, uncertain(newer));
        awaitOpen(newer);

        List<String> ids = openIds();
        assertTrue(ids.indexOf(newer) < ids.indexOf(older), ids.toString());
        assertEquals(1, new JsonArray(dashboard.get("/api/v1/review?limit=1").body()).size());
        for (String limit : List.of("0", "501", "lots")) {
            assertEquals(400, dashboard.get("/api/v1/review?limit=" + limit).statusCode(), limit);
        }
    }

    @Test
    void theMostValuableItemsComeFirstAndOtherOrdersAreThereOnRequest() {
        String unsure = unknownImageId();
        String qaSample = unknownImageId();
        dashboard.publishPrediction(Topics.REVIEW, uncertain(unsure));
        dashboard.publishPrediction(Topics.REVIEW, prediction(qaSample, List.of(new Prediction.LabelScore("civet", 0.97),
            new Prediction.LabelScore("moonrat", 0.02)), List.of(Prediction.Review.QA_SAMPLE)));
        awaitOpen(qaSample);

        List<String> byValue = openIds();
        assertTrue(byValue.indexOf(unsure) < byValue.indexOf(qaSample), "the newer sure QA sample waits: " + byValue);
        List<String> oldestFirst = ids("/api/v1/review?limit=500&order=oldest");
        assertTrue(oldestFirst.indexOf(unsure) < oldestFirst.indexOf(qaSample), oldestFirst.toString());
        List<String> newestFirst = ids("/api/v1/review?limit=500&order=newest");
        assertTrue(newestFirst.indexOf(qaSample) < newestFirst.indexOf(unsure), newestFirst.toString());
        assertEquals(400, dashboard.get("/api/v1/review?order=random").statusCode());
    }

    @Test
    void anItemLeavesTheListWhenFeedbackForItsImageIsSeenOnKafka() {
        String imageId = unknownImageId();
        dashboard.publishPrediction(Topics.REVIEW, uncertain(imageId));
        awaitOpen(imageId);

        // As another dashboard instance would after its labeler answered.
        dashboard.publishFeedback(new Feedback(imageId, "moonrat", "bob", Instant.now(), null));
        eventually(imageId + " to leave the review list",
            () -> openIds().contains(imageId) ? Optional.empty() : Optional.of(true));
    }

    @Test
    void anItemWhoseFeedbackWasReadFirstNeverOpens() {
        String labelled = unknownImageId();
        String label = "species_" + UUID.randomUUID().toString().substring(0, 8);
        dashboard.publishFeedback(new Feedback(labelled, label, "bob", Instant.now(), null));
        eventually("the feedback label to be known", () -> new JsonArray(dashboard.get("/api/v1/labels").body())
            .contains(label) ? Optional.of(true) : Optional.empty());

        dashboard.publishPrediction(Topics.REVIEW, uncertain(labelled));
        String marker = unknownImageId();
        dashboard.publishPrediction(Topics.REVIEW, uncertain(marker));
        awaitOpen(marker);

        assertFalse(openIds().contains(labelled));
    }

    @Test
    void labelsAndStatsDescribeWhatWasSeen() {
        String imageId = unknownImageId();
        dashboard.publishPrediction(Topics.REVIEW, uncertain(imageId));
        awaitOpen(imageId);

        JsonArray labels = new JsonArray(dashboard.get("/api/v1/labels").body());
        assertTrue(labels.contains("moonrat") && labels.contains("mouse_deer") && labels.contains("leopard_cat"),
            labels.encode());
        JsonObject stats = new JsonObject(dashboard.get("/api/v1/stats").body());
        assertTrue(stats.getInteger("open_review_items") >= 1, stats.encode());
        assertTrue(stats.containsKey("predictions_seen") && stats.containsKey("rejections_seen"), stats.encode());
    }

    @Test
    void emptyFramesCanBeHiddenFromTheReviewListOrListedAlone() {
        String animal = unknownImageId();
        String empty = unknownImageId();
        Prediction unsure = uncertain(empty);
        dashboard.publishPrediction(Topics.REVIEW, uncertain(animal));
        dashboard.publishPrediction(Topics.REVIEW, new Prediction(empty, unsure.cameraId(), unsure.capturedAt(),
            unsure.modelVersion(), "empty", 0.81, List.of(new Prediction.LabelScore("empty", 0.81)), 0.1, false, true,
            new Prediction.Review(true, List.of(Prediction.Review.QA_SAMPLE)), unsure.timings(), unsure.classifiedAt()));
        awaitOpen(animal);
        awaitOpen(empty);

        assertTrue(openItem(empty).orElseThrow().getBoolean("empty"));
        assertFalse(openItem(animal).orElseThrow().getBoolean("empty"));
        List<String> hidden = ids("/api/v1/review?limit=500&empty=hide");
        assertTrue(hidden.contains(animal) && !hidden.contains(empty), hidden.toString());
        List<String> only = ids("/api/v1/review?limit=500&order=newest&empty=only");
        assertTrue(only.contains(empty) && !only.contains(animal), only.toString());
        assertEquals(400, dashboard.get("/api/v1/review?empty=maybe").statusCode());
    }
}
