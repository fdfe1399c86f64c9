package org.trapstream.dashboard;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A camera's counts, empty share and drift, fed prediction by prediction as the feed consumer does. */
class CameraHealthTest {

    static final CameraSettings SETTINGS = new CameraSettings(10, 50, 1000);
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    /** A prediction of {@code camera} made {@code second} seconds after {@link #T0}. */
    static Prediction prediction(String camera, String label, double confidence, boolean empty, long second) {
        return prediction(camera, label, confidence, empty, T0.plusSeconds(second));
    }

    /** A prediction of {@code camera} made at {@code classifiedAt}. */
    static Prediction prediction(String camera, String label, double confidence, boolean empty, Instant classifiedAt) {
        return new Prediction(camera + "-" + classifiedAt.toEpochMilli(), camera, T0, "v1", label, confidence,
            List.of(new Prediction.LabelScore(label, confidence)), Double.NaN, false, empty, Prediction.Review.none(),
            new Prediction.Timings(0, 0, 0, 0), classifiedAt);
    }

    private final CameraHealth camera = new CameraHealth("cam-1", SETTINGS);

    /** 400 images alternating between two animals, seen surely. */
    private void steadyHistory() {
        for (int i = 0; i < 400; i++) {
            camera.predicted(prediction("cam-1", i % 2 == 0 ? "moonrat" : "civet", 0.95, false, i));
        }
    }

    @Test
    void aCameraThatKeepsSeeingTheSameDoesNotDrift() {
        steadyHistory();
        assertEquals(0.0, camera.drift(CameraHealth.Distribution.LABELS), 0.01);
        assertEquals(0.0, camera.drift(CameraHealth.Distribution.CONFIDENCE), 0.01);
    }

    @Test
    void aCameraThatSuddenlySeesOnlyEmptyFramesDrifts() {
        steadyHistory();
        for (int i = 0; i < 100; i++) {
            camera.predicted(prediction("cam-1", "empty", 0.35, true, 400 + i));
        }
        // Recent: ~87 % empty; history (window 1000): ~24 % empty. Worked out by hand: 0.31 bits each.
        assertEquals(0.31, camera.drift(CameraHealth.Distribution.LABELS), 0.01);
        assertEquals(0.31, camera.drift(CameraHealth.Distribution.CONFIDENCE), 0.01,
            "confidence fell from the 0.9 bucket to the 0.3 bucket");
        assertEquals(0.87, camera.recentEmptyShare(), 0.01);
        assertEquals(100, camera.emptyImages());
        assertEquals(500, camera.images());
    }

    @Test
    void driftWaitsForAHistoryOfTwiceTheRecentWindow() {
        for (int i = 0; i < 99; i++) {
            camera.predicted(prediction("cam-1", "moonrat", 0.9, false, i));
        }
        assertTrue(Double.isNaN(camera.drift(CameraHealth.Distribution.LABELS)));
        camera.predicted(prediction("cam-1", "moonrat", 0.9, false, 99));
        assertEquals(0.0, camera.drift(CameraHealth.Distribution.LABELS), 1e-9);
    }

    @Test
    void listsLabelSharesDeadLettersAndTheLatestTimeSeen() {
        camera.predicted(prediction("cam-1", "moonrat", 0.9, false, 30));
        camera.predicted(prediction("cam-1", "moonrat", 0.8, false, 10));
        camera.predicted(prediction("cam-1", "empty", 0.9, true, 20));
        camera.predicted(prediction("cam-1", "civet", 0.7, false, 5));
        camera.deadLettered(RejectReason.CORRUPT, T0.plusSeconds(40));
        camera.deadLettered(RejectReason.CORRUPT, T0.plusSeconds(1));
        camera.deadLettered(RejectReason.TOO_SMALL, null);

        JsonObject json = camera.toJson();
        assertEquals(4, json.getLong("images"));
        assertEquals(0.25, json.getDouble("empty_share"));
        assertEquals(new JsonObject().put("label", "moonrat").put("images", 2L).put("share", 0.5),
            json.getJsonArray("labels").getJsonObject(0), "most frequent first");
        assertEquals("civet", json.getJsonArray("labels").getJsonObject(1).getString("label"), "then by name");
        assertEquals(3, json.getLong("dead_letters"));
        assertEquals(new JsonObject().put("corrupt", 2L).put("too_small", 1L), json.getJsonObject("dead_letters_by_reason"));
        assertEquals(T0.plusSeconds(40).toString(), json.getString("last_seen"), "records come in no order");
        assertNull(json.getJsonObject("drift").getValue("labels"), "too few images to say");
    }
}
