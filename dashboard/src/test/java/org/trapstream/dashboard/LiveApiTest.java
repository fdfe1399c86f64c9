package org.trapstream.dashboard;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/** {@code GET /api/v1/predictions/stream}: predictions published to the real topic reach a following client. */
class LiveApiTest extends DashboardApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private static Prediction prediction(String imageId, String cameraId, String label, double confidence,
                                         List<String> reasons) {
        List<Prediction.LabelScore> topK = List.of(new Prediction.LabelScore(label, confidence),
            new Prediction.LabelScore("moonrat", 1 - confidence));
        return DashboardHarness.prediction(imageId, cameraId, topK, reasons);
    }

    private EventStream follow(String query, String token) {
        return EventStream.follow(EventStream.open(http, dashboard.baseUrl() + "/api/v1/predictions/stream" + query,
            token));
    }

    @Test
    void aPredictionPublishedToKafkaArrivesOnTheStream() throws Exception {
        String camera = "cam-live-" + UUID.randomUUID();
        try (EventStream stream = follow("?camera=" + camera, VIEWER_TOKEN)) {
            String imageId = unknownImageId();
            Prediction published = prediction(imageId, camera, "leopard_cat", 0.48, List.of(Prediction.Review.LOW_CONFIDENCE));
            dashboard.publishPrediction(Topics.PREDICTIONS, published);

            JsonObject item = new JsonObject(stream.nextPrediction().data());

            assertEquals(ViewRoutes.reviewItem(published), item, "label, confidence, camera, times, model, reasons");
        }
    }

    @Test
    void onlyPredictionsThatPassTheFiltersArrive() throws Exception {
        String camera = "cam-live-" + UUID.randomUUID();
        try (EventStream stream = follow("?camera=" + camera + "&label=leopard_cat&min_confidence=0.8", TOKEN)) {
            dashboard.publishPrediction(Topics.PREDICTIONS,
                prediction(unknownImageId(), "cam-elsewhere", "leopard_cat", 0.95, List.of()));
            dashboard.publishPrediction(Topics.PREDICTIONS,
                prediction(unknownImageId(), camera, "leopard_cat", 0.55, List.of()));
            dashboard.publishPrediction(Topics.PREDICTIONS,
                prediction(unknownImageId(), camera, "malay_civet", 0.95, List.of()));
            String wanted = unknownImageId();
            dashboard.publishPrediction(Topics.PREDICTIONS, prediction(wanted, camera, "leopard_cat", 0.9, List.of()));

            // One partition, read in order: the first to arrive is the first that passes.
            assertEquals(wanted, new JsonObject(stream.nextPrediction().data()).getString("image_id"));
        }
    }

    @Test
    void badFiltersAndMissingCredentialsAreRefused() {
        HttpResponse<InputStream> bad = EventStream.open(http,
            dashboard.baseUrl() + "/api/v1/predictions/stream?min_confidence=1.5", VIEWER_TOKEN);
        assertEquals(400, bad.statusCode());
        HttpResponse<InputStream> badEmpty = EventStream.open(http,
            dashboard.baseUrl() + "/api/v1/predictions/stream?empty=sometimes", VIEWER_TOKEN);
        assertEquals(400, badEmpty.statusCode());
        HttpResponse<String> anonymous = dashboard.get("/api/v1/predictions/stream", null);
        assertEquals(401, anonymous.statusCode());
    }
}
