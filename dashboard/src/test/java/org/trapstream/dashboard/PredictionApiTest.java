package org.trapstream.dashboard;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/** {@code GET /api/v1/predictions/{id}} against records published to the real topics. */
class PredictionApiTest extends DashboardApiTest {

    private static Prediction classified(String imageId) {
        return prediction(imageId, List.of(new Prediction.LabelScore("leopard_cat", 0.93),
            new Prediction.LabelScore("malay_civet", 0.05)), List.of());
    }

    /** The answer for the image once it is no longer pending. */
    private static HttpResponse<String> awaitKnown(String imageId) {
        return eventually("the dashboard to know " + imageId, () -> {
            HttpResponse<String> response = dashboard.get("/api/v1/predictions/" + imageId);
            return response.statusCode() == 404 ? Optional.empty() : Optional.of(response);
        });
    }

    private static JsonObject awaitStatus(String imageId, String status) {
        return eventually(imageId + " to be " + status, () -> {
            JsonObject body = new JsonObject(dashboard.get("/api/v1/predictions/" + imageId).body());
            return status.equals(body.getString("status")) ? Optional.of(body) : Optional.empty();
        });
    }

    @Test
    void aPublishedPredictionIsServedWithStatusClassified() {
        String imageId = unknownImageId();
        Prediction published = classified(imageId);
        dashboard.publishPrediction(Topics.PREDICTIONS, published);

        HttpResponse<String> response = awaitKnown(imageId);
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonObject body = new JsonObject(response.body());
        assertEquals("classified", body.getString("status"));
        assertEquals(published, Prediction.fromJson(body), "every field of the prediction comes back");
    }

    @Test
    void aDeadLetteredImageIsServedWithItsReason() {
        String imageId = unknownImageId();
        dashboard.publishDeadLetter(imageId, RejectReason.CORRUPT, "JPEG ends after 1200 of 48000 bytes");

        HttpResponse<String> response = awaitKnown(imageId);
        assertEquals(200, response.statusCode());
        assertEquals(new JsonObject()
                .put("image_id", imageId)
                .put("status", "rejected")
                .put("reason", "corrupt")
                .put("detail", "JPEG ends after 1200 of 48000 bytes"),
            new JsonObject(response.body()));
    }

    @Test
    void aLaterPredictionReplacesARejection() {
        String imageId = unknownImageId();
        dashboard.publishDeadLetter(imageId, RejectReason.INFERENCE_FAILED, "model threw");
        awaitStatus(imageId, "rejected");

        dashboard.publishPrediction(Topics.PREDICTIONS, classified(imageId));
        JsonObject body = awaitStatus(imageId, "classified");
        assertEquals("leopard_cat", body.getString("label"));
    }

    @Test
    void aRejectionOfAnAlreadyClassifiedImageKeepsThePrediction() {
        String imageId = unknownImageId();
        dashboard.publishPrediction(Topics.PREDICTIONS, classified(imageId));
        awaitStatus(imageId, "classified");

        dashboard.publishDeadLetter(imageId, RejectReason.MISSING_CAMERA_ID, "re-sent without X-Camera-Id");
        // Dead letters go to one partition in order: once the next one is visible, ours has been read.
        String later = unknownImageId();
        dashboard.publishDeadLetter(later, RejectReason.EMPTY, "no bytes");
        awaitStatus(later, "rejected");

        assertEquals("classified",
            new JsonObject(dashboard.get("/api/v1/predictions/" + imageId).body()).getString("status"));
    }

    @Test
    void anUnknownImageIsPending() {
        String imageId = unknownImageId();
        HttpResponse<String> response = dashboard.get("/api/v1/predictions/" + imageId);

        assertEquals(404, response.statusCode());
        assertEquals(new JsonObject().put("image_id", imageId).put("status", "pending"), new JsonObject(response.body()));
    }

    @Test
    void aMalformedIdIsABadRequest() {
        for (String id : List.of("abc", unknownImageId().toUpperCase(), unknownImageId() + "0", "..%2F..%2Fetc")) {
            HttpResponse<String> response = dashboard.get("/api/v1/predictions/" + id);
            assertEquals(400, response.statusCode(), id);
            assertEquals("invalid_image_id", new JsonObject(response.body()).getString(Problem.CODE), id);
        }
    }

    @Test
    void healthReportsTheRunningConsumerAndTheViewSize() {
        String imageId = unknownImageId();
        dashboard.publishPrediction(Topics.PREDICTIONS, classified(imageId));
        awaitKnown(imageId);

        HttpResponse<String> response = dashboard.get("/health");
        assertEquals(200, response.statusCode());
        JsonObject component = new JsonObject(response.body()).getJsonObject("components").getJsonObject("dashboard");
        assertTrue(component.getBoolean("up"));
        assertTrue(component.getInteger("view_size") >= 1, component.encode());
    }
}
