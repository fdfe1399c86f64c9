package org.trapstream.exchange;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MegaDetectorResultsTest {

    private static JsonObject detection(String category, double conf, JsonArray classifications) {
        JsonObject detection = new JsonObject().put("category", category).put("conf", conf)
            .put("bbox", new JsonArray().add(0.1).add(0.2).add(0.3).add(0.4));
        return classifications == null ? detection : detection.put("classifications", classifications);
    }

    private static JsonObject results(String version, JsonArray images) {
        return new JsonObject()
            .put("info", new JsonObject().put("format_version", version)
                .put("detector_metadata", new JsonObject().put("typical_detection_threshold", 0.35)))
            .put("detection_categories", new JsonObject().put("1", "animal").put("2", "person"))
            .put("classification_categories", new JsonObject().put("3", "bear").put("4", "elk"))
            .put("images", images);
    }

    @Test
    void readsDetectionsWithTheirClassificationsMostConfidentFirst() {
        JsonArray images = new JsonArray()
            .add(new JsonObject().put("file", "a/1.jpg").put("detections", new JsonArray()
                .add(detection("2", 0.3, null))
                .add(detection("1", 0.9, new JsonArray().add(new JsonArray().add("4").add(0.2))
                    .add(new JsonArray().add("3").add(0.7))))))
            .add(new JsonObject().put("file", "a/2.jpg").put("detections", new JsonArray()))
            .add(new JsonObject().put("file", "a/3.jpg").put("failure", "Failure image access").putNull("detections"));

        MegaDetectorResults read = MegaDetectorResults.parse(results("1.6", images).encode());

        assertEquals(0.35, read.typicalDetectionThreshold().orElseThrow());
        MegaDetectorResults.Detection strongest = MegaDetectorResults.strongest(read.images().get(0), 0.35)
            .orElseThrow();
        assertEquals("1", strongest.category());
        assertEquals(List.of("3", "4"), strongest.classifications().stream()
            .map(MegaDetectorResults.Classification::category).toList(), "sorted, most confident first");
        assertTrue(MegaDetectorResults.strongest(read.images().get(0), 0.95).isEmpty(), "none at the threshold");
        assertTrue(read.images().get(1).detections().isEmpty());
        assertEquals("Failure image access", read.images().get(2).failure());
    }

    @Test
    void refusesWhatBreaksTheFormatNamingThePlace() {
        JsonArray failedWithDetections = new JsonArray().add(new JsonObject().put("file", "x.jpg")
            .put("failure", "boom").put("detections", new JsonArray().add(detection("1", 0.5, null))));
        JsonArray shortBox = new JsonArray().add(new JsonObject().put("file", "x.jpg").put("detections",
            new JsonArray().add(detection("1", 0.5, null).put("bbox", new JsonArray().add(0.1)))));
        JsonArray noDetections = new JsonArray().add(new JsonObject().put("file", "x.jpg"));

        assertEquals("info.format_version: 1.0 is older than 1.3, whose layout this reader knows",
            assertThrows(IllegalArgumentException.class,
                () -> MegaDetectorResults.parse(results("1.0", new JsonArray()).encode())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MegaDetectorResults.parse(
            results("1.6", failedWithDetections).encode())).getMessage().startsWith("images[0]: a failed image"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MegaDetectorResults.parse(
            results("1.6", shortBox).encode())).getMessage().startsWith("images[0].detections[0].bbox"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MegaDetectorResults.parse(
            results("1.6", noDetections).encode())).getMessage().startsWith("images[0].detections: required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MegaDetectorResults.parse("[]"))
            .getMessage().startsWith("not a JSON object"));
    }
}
