package org.trapstream.dashboard;

import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.RejectReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.CameraHealthTest.T0;
import static org.trapstream.dashboard.CameraHealthTest.prediction;

/** The tracker stays within its bound, evicting the camera silent longest, and exports what it tracks. */
class CameraTrackerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CameraTracker tracker = new CameraTracker(new CameraSettings(3, 50, 1000), registry);

    private List<String> trackedIds() {
        return tracker.toJson().getJsonArray("cameras").stream()
            .map(camera -> ((JsonObject) camera).getString("camera_id")).toList();
    }

    @Test
    void aNewCameraBeyondTheBoundEvictsTheOneSilentLongest() {
        tracker.predicted(prediction("cam-a", "moonrat", 0.9, false, 300));
        tracker.predicted(prediction("cam-b", "moonrat", 0.9, false, 100));
        tracker.deadLettered("cam-c", RejectReason.CORRUPT, T0.plusSeconds(200));
        tracker.predicted(prediction("cam-b", "civet", 0.9, false, 50));

        tracker.predicted(prediction("cam-d", "moonrat", 0.9, false, 10));

        assertEquals(List.of("cam-a", "cam-c", "cam-d"), trackedIds(), "cam-b was last seen at 100 s, before the others");
        assertEquals(1, tracker.toJson().getLong("evicted"));
        String scrape = registry.scrape();
        assertFalse(scrape.contains("camera=\"cam-b\""), "an evicted camera's series are gone");
        assertTrue(scrape.contains("camtrap_camera_images_total{camera=\"cam-d\"} 1.0"), scrape);
        assertTrue(scrape.contains("camtrap_dashboard_cameras_evicted_total 1.0"), scrape);
        assertTrue(scrape.contains("camtrap_dashboard_cameras_tracked 3.0"), scrape);
    }

    @Test
    void anEvictedCameraThatReportsAgainStartsAfresh() {
        tracker.predicted(prediction("cam-a", "moonrat", 0.9, false, 1));
        tracker.predicted(prediction("cam-a", "moonrat", 0.9, false, 2));
        for (String camera : List.of("cam-b", "cam-c", "cam-d")) {
            tracker.predicted(prediction(camera, "moonrat", 0.9, false, 10));
        }
        tracker.predicted(prediction("cam-a", "civet", 0.9, false, 20));

        assertEquals(List.of("cam-a", "cam-c", "cam-d"), trackedIds());
        assertTrue(registry.scrape().contains("camtrap_camera_images_total{camera=\"cam-a\"} 1.0"));
        assertEquals(2, tracker.toJson().getLong("evicted"));
    }

    @Test
    void exportsEachCamerasSeries() {
        tracker.predicted(prediction("cam-a", "empty", 0.9, true, 60));
        tracker.predicted(prediction("cam-a", "moonrat", 0.9, false, 30));
        tracker.deadLettered("cam-a", RejectReason.TOO_SMALL, T0.plusSeconds(90));

        String scrape = registry.scrape();
        assertTrue(scrape.contains("camtrap_camera_images_total{camera=\"cam-a\"} 2.0"), scrape);
        assertTrue(scrape.contains("camtrap_camera_empty_images_total{camera=\"cam-a\"} 1.0"), scrape);
        assertTrue(scrape.contains("camtrap_camera_empty_ratio{camera=\"cam-a\"} 0.49"), "0.98 / (0.98 + 1): " + scrape);
        assertTrue(scrape.contains("camtrap_camera_dead_letters_total{camera=\"cam-a\",reason=\"too_small\"} 1.0"), scrape);
        assertTrue(scrape.contains("camtrap_camera_last_seen_timestamp_seconds{camera=\"cam-a\"} "
            + (double) T0.plusSeconds(90).getEpochSecond()), scrape);
        assertTrue(scrape.contains("camtrap_camera_drift{camera=\"cam-a\",distribution=\"labels\"} NaN"), scrape);
        assertTrue(scrape.contains("camtrap_camera_drift{camera=\"cam-a\",distribution=\"confidence\"} NaN"), scrape);
    }

    @Test
    void camerasWithoutAProperIdAreNotTracked() {
        tracker.deadLettered(null, RejectReason.MISSING_CAMERA_ID, T0);
        tracker.deadLettered("../../etc/passwd", RejectReason.MISSING_CAMERA_ID, T0);
        tracker.predicted(prediction("x".repeat(65), "moonrat", 0.9, false, 1));
        assertEquals(List.of(), trackedIds());
        assertFalse(registry.scrape().contains("camtrap_camera_images_total"));
    }
}
