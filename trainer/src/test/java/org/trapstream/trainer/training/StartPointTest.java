package org.trapstream.trainer.training;

import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.trainer.labels.SplitAssigner.Scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartPointTest {

    private static final List<String> LABELS = List.of("deer", "empty");

    private static ModelMetadata serving(JsonObject data) {
        return ModelMetadata.draft(new JsonObject(), LABELS, 32, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25))
            .withTraining(null, new JsonObject(), new JsonArray(), data, new JsonObject())
            .withVersion("v3", "0".repeat(64));
    }

    @Test
    void theServingModelsHeadIsRetrainedWhileTheSplitIsUnchanged() {
        StartPoint point = StartPoint.choose(Optional.of(serving(new JsonObject().put("split_by", "site"))), LABELS,
            Scheme.SITE, 5);
        assertTrue(point.parent().isPresent(), point.reason());
    }

    @Test
    void holdingCamerasOutForTheFirstTimeTrainsFromScratch() {
        StartPoint point = StartPoint.choose(Optional.of(serving(new JsonObject())), LABELS, Scheme.SITE, 5);
        assertEquals(Optional.empty(), point.parent(), "features trained under the image split saw the held-out cameras");
        assertTrue(point.reason().contains("split by site"), point.reason());
    }
}
