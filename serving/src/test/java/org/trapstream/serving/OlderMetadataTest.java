package org.trapstream.serving;

import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@code metadata.json} written before versions had an out-of-distribution detector or training cameras. */
class OlderMetadataTest {

    private static final String BEFORE_OOD = """
        {"schema_version":1,"version":"v0003","parent_version":"v0002","model_name":"default",
         "architecture":{"kind":"seed_cnn"},"labels":["bombus","vespa"],"input_size":64,"channels":3,
         "mean":[0.5,0.5,0.5],"std":[0.25,0.25,0.25],"temperature":1.4,"created_at":"2026-11-01T10:00:00Z",
         "status":"promoted","status_reason":null,
         "metrics":{"accuracy":0.9,"macro_f1":0.88,"calibration":{"temperature":1.4}},
         "history":[],"data":{"source":"folder","splits":{"train":120}},"timings":{},
         "sha256":"00","network":null}
        """;

    @Test
    void loadsWithoutADetectorAndWithoutCameras() {
        ModelMetadata metadata = ModelMetadata.fromJson(new JsonObject(BEFORE_OOD));
        assertTrue(metadata.ood().isEmpty(), "a version without metrics.ood never flags");
        assertTrue(metadata.trainedCameras().isEmpty(), "every camera is new to it");
        assertEquals(List.of("bombus", "vespa"), metadata.labels());
        assertEquals(metadata, ModelMetadata.fromJson(metadata.toJson()), "and saves back unchanged");
    }
}
