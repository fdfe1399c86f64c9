package org.trapstream.common.contract;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction.LabelScore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureEventTest {

    private static final Instant T0 = Instant.parse("2021-04-11T20:43:09Z");

    private static CaptureEvent event(Integer count) {
        List<CaptureEvent.Frame> frames = List.of(new CaptureEvent.Frame(ImageIds.of(new byte[] {1}), T0),
            new CaptureEvent.Frame(ImageIds.of(new byte[] {2}), T0.plusSeconds(6)));
        return new CaptureEvent(CaptureEvent.idOf("cam-07", frames.get(0).imageId()), "cam-07", frames, "red_fox",
            0.7, List.of(new LabelScore("red_fox", 0.7), new LabelScore("badger", 0.2)), count,
            CaptureEvent.ClosedBy.WATERMARK);
    }

    @Test
    void roundTripsThroughJsonWithItsSpanAndAMissingCountAsNull() {
        CaptureEvent event = event(null);
        JsonObject json = event.toJson();
        assertEquals(CaptureEvent.SCHEMA_VERSION, json.getInteger("schema_version"));
        assertEquals("2021-04-11T20:43:09Z", json.getString("start"));
        assertEquals("2021-04-11T20:43:15Z", json.getString("end"));
        assertTrue(json.containsKey("count") && json.getValue("count") == null);
        assertEquals("watermark", json.getString("closed_by"));
        assertEquals(event, CaptureEvent.fromJson(new JsonObject(json.encode())));
        assertEquals(event(3), CaptureEvent.fromJson(event(3).toJson()));
    }

    @Test
    void theIdDependsOnTheCameraAndTheFirstFrameOnly() {
        String first = ImageIds.of(new byte[] {1});
        assertEquals(CaptureEvent.idOf("cam-07", first), CaptureEvent.idOf("cam-07", first));
        assertNotEquals(CaptureEvent.idOf("cam-07", first), CaptureEvent.idOf("cam-08", first));
        assertTrue(ImageIds.isValid(CaptureEvent.idOf("cam-07", first)), "the form of an image id");
    }

    @Test
    void refusesOtherSchemaVersionsUnknownClosingReasonsAndEmptyEvents() {
        assertThrows(IllegalArgumentException.class,
            () -> CaptureEvent.fromJson(event(null).toJson().put("schema_version", 2)));
        assertThrows(IllegalArgumentException.class,
            () -> CaptureEvent.fromJson(event(null).toJson().put("closed_by", "sunset")));
        assertThrows(IllegalArgumentException.class, () -> new CaptureEvent("id", "cam", List.of(), null, 0,
            List.of(), null, CaptureEvent.ClosedBy.IDLE));
    }
}
