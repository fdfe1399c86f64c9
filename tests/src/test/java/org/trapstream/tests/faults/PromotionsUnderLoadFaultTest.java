package org.trapstream.tests.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.InferenceSettings;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Five promotions while images keep coming, each announced with a run of images right behind it, so that every
 * swap meets images in flight: each image gets a prediction from one of the announced versions, none is lost,
 * and the last version announced is the one that serves in the end.
 */
class PromotionsUnderLoadFaultTest {

    private static final int PROMOTIONS = 5;

    @ParameterizedTest(name = "round {0}")
    @MethodSource("org.trapstream.tests.faults.Scale#rounds")
    void fivePromotionsUnderLoadLoseNothing(int round, @TempDir Path dataDir) {
        String group = Deliveries.newClassifierGroup("fault-promotions");
        ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"));
        List<String> announced = new ArrayList<>(List.of(TinyModels.promote(registry, 100).version()));
        List<ProducerRecord<String, byte[]>> images = StreamImages.records(System.nanoTime(), Scale.images(300));
        List<List<ProducerRecord<String, byte[]>>> runs = StreamImages.split(images, PROMOTIONS + 1);

        try (RoleProcess classifier = RoleProcess.start("classifier", dataDir, Map.of(
                ClassifierConfig.CLASSIFIER_GROUP_ID, group,
                ClassifierConfig.INFERENCE_THREADS, "2",
                InferenceSettings.BATCH_MAX_SIZE, "4"))) {
            classifier.awaitServing(announced.get(0));
            for (int promotion = 0; promotion < PROMOTIONS; promotion++) {
                TestKafka.send(runs.get(promotion));
                announced.add(TinyModels.promote(registry, 101 + promotion).version());
            }
            ModelMetadata last = registry.metadata(announced.get(announced.size() - 1));
            classifier.awaitServing(last.version());
            List<ProducerRecord<String, byte[]>> afterLastSwap = runs.get(PROMOTIONS);
            TestKafka.send(afterLastSwap);

            Deliveries deliveries = Deliveries.settled(group, StreamImages.ids(images));
            deliveries.assertNoneLost(PROMOTIONS + " promotions under load");
            deliveries.assertNoDeadLetters();
            assertTrue(new HashSet<>(announced).containsAll(deliveries.versions()),
                "only announced versions predict: " + deliveries.versions() + " of " + announced);
            Set<String> lastOnly = Set.of(last.version());
            StreamImages.ids(afterLastSwap).forEach(id -> assertEquals(lastOnly,
                deliveries.predictionsByVersion().get(id).keySet(), "images sent after the last swap"));
            classifier.awaitServing(last.version());
        }
    }
}
