package org.trapstream.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.CameraHealthTest.T0;
import static org.trapstream.dashboard.CameraHealthTest.prediction;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.freshCamera;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/**
 * Predictions and dead letters on the real broker become each camera's health in {@code GET /api/v1/cameras} and in
 * the {@code camtrap_camera_*} series of {@code /metrics}: a camera whose frames turn empty drifts, a steady one
 * does not, and a camera's dead letters count by reason.
 */
class CameraApiTest extends DashboardApiTest {

    /** {@code images} predictions of {@code camera}, a second apart from {@code start}, alternating two animals. */
    static List<Prediction> steady(String camera, int images, Instant start) {
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            predictions.add(prediction(camera, i % 2 == 0 ? "moonrat" : "civet", 0.95, false, start.plusSeconds(i)));
        }
        return predictions;
    }

    /** 300 steady predictions of {@code camera} from {@code start}, then 100 unsure empty frames: 400 in all. */
    static List<Prediction> turningEmpty(String camera, Instant start) {
        List<Prediction> predictions = new ArrayList<>(steady(camera, 300, start));
        for (int i = 300; i < 400; i++) {
            predictions.add(prediction(camera, "empty", 0.35, true, start.plusSeconds(i)));
        }
        return predictions;
    }

    @Test
    void aCameraWhoseFramesTurnEmptyDriftsAndASteadyOneDoesNot() {
        String drifting = freshCamera("cam-ridge");
        String steady = freshCamera("cam-river");
        dashboard.publishPredictions(steady(steady, 300, T0));
        dashboard.publishPredictions(turningEmpty(drifting, T0));
        for (int i = 0; i < 3; i++) {
            dashboard.publishDeadLetter(unknownImageId(), drifting, RejectReason.CORRUPT, "truncated JPEG");
        }
        dashboard.publishDeadLetter(unknownImageId(), drifting, RejectReason.TOO_SMALL, "32x24");

        JsonObject ridge = dashboard.awaitCamera(drifting, 400, 4);
        assertEquals(100, ridge.getLong("empty_images"));
        assertEquals(0.25, ridge.getDouble("empty_share"), 1e-9);
        assertEquals(new JsonObject().put("corrupt", 3).put("too_small", 1), ridge.getJsonObject("dead_letters_by_reason"));
        assertTrue(ridge.getJsonObject("drift").getDouble("labels") > 0.25, ridge.encodePrettily());
        assertTrue(ridge.getJsonObject("drift").getDouble("confidence") > 0.25, ridge.encodePrettily());
        JsonArray labels = ridge.getJsonArray("labels");
        assertEquals(List.of("civet", "moonrat", "empty"),
            labels.stream().map(label -> ((JsonObject) label).getString("label")).toList(), "most frequent first");
        assertEquals(0.375, labels.getJsonObject(0).getDouble("share"), 1e-9);

        JsonObject river = dashboard.awaitCamera(steady, 300, 0);
        assertTrue(river.getJsonObject("drift").getDouble("labels") < 0.01, river.encodePrettily());
        assertEquals(T0.plusSeconds(299).toString(), river.getString("last_seen"));
        assertEquals(0.0, river.getDouble("empty_share"));

        String metrics = eventually("the cameras' series in /metrics", () -> Optional.of(dashboard.scrape())
            .filter(body -> body.contains("camera=\"" + steady + "\"")));
        assertTrue(metrics.contains("camtrap_camera_images_total{camera=\"" + drifting + "\"} 400.0"), metrics);
        assertTrue(metrics.contains("camtrap_camera_empty_images_total{camera=\"" + drifting + "\"} 100.0"), metrics);
        assertTrue(metrics.contains(
            "camtrap_camera_dead_letters_total{camera=\"" + drifting + "\",reason=\"corrupt\"} 3.0"), metrics);
        assertTrue(metrics.contains("camtrap_camera_last_seen_timestamp_seconds{camera=\"" + steady + "\"} "
            + (double) T0.plusSeconds(299).getEpochSecond()), metrics);
        assertTrue(metrics.contains("camtrap_camera_drift{camera=\"" + drifting + "\",distribution=\"labels\"} 0.26"),
            metrics);
        assertTrue(metrics.contains("camtrap_camera_empty_ratio{camera=\"" + drifting + "\"} 0.8"), metrics);
    }

    @Test
    void theCameraListNeedsAViewer() {
        assertEquals(401, dashboard.get("/api/v1/cameras", null).statusCode());
    }
}
