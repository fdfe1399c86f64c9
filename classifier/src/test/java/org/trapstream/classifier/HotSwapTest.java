package org.trapstream.classifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.InferenceSettings;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promotions while images stream: valid models swap in between batches, a corrupt one is refused. Each phase of
 * images is sent as a burst right behind its announcement, so the swap happens while images are in flight; the
 * test waits only for what it then relies on (a model serving, a phase predicted), never for a stretch of time.
 */
class HotSwapTest extends BrokerTest {

    private static final int PER_PHASE = 30;

    @Test
    void swapsUnderLoadWithoutLosingAPredictionAndRefusesACorruptModel(@TempDir Path dataDir) throws Exception {
        Setup setup = newSetup("hotswap", dataDir, Map.of(
            ClassifierConfig.INFERENCE_THREADS, "2",
            InferenceSettings.BATCH_MAX_SIZE, "4",
            ClassifierConfig.BATCH_MAX_DELAY, "20ms"));
        ModelRegistry registry = setup.registry();
        ModelMetadata v1 = promoteNewModel(registry, 11);
        long seed = System.nanoTime();
        List<String> sent = new ArrayList<>();

        try (DeployedClassifier classifier = DeployedClassifier.deploy(setup.config())) {
            // v1 is the only model while the first image is predicted.
            awaitPredicted(stream(seed, sent), 1);

            ModelMetadata v2 = promoteNewModel(registry, 22);
            stream(seed + 1_000, sent);
            classifier.awaitServing(v2.version());

            // Promoted, then damaged on disk before the classifiers load it.
            ModelMetadata v3 = TestModels.save(registry, 33);
            ModelAnnouncement v3Promoted = registry.promote(v3.version());
            TestModels.tamper(registry, v3.version());
            announce(v3Promoted);
            // Whether v3 was refused yet or not, v2 serves this phase: nothing newer is announced until it is done.
            Set<String> servedByV2 = stream(seed + 2_000, sent);
            awaitPredicted(servedByV2, servedByV2.size());

            ModelMetadata v4 = promoteNewModel(registry, 44);
            stream(seed + 3_000, sent);

            classifier.awaitServing(v4.version());
            List<String> afterLastSwap = new ArrayList<>();
            stream(seed + 4_000, afterLastSwap);
            sent.addAll(afterLastSwap);

            Set<String> ids = new HashSet<>(sent);
            List<ConsumerRecord<String, byte[]>> records = awaitPredicted(ids, ids.size());
            Map<String, String> versionById = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Prediction prediction = Prediction.fromJson(new JsonObject(new String(record.value())));
                versionById.put(prediction.imageId(), prediction.modelVersion());
            }
            assertEquals(ids, versionById.keySet(), "every image has its prediction");
            // Committed means handled, its outcome acknowledged: up to their ends the topics hold every outcome.
            TestKafka.awaitCommittedToEnd(setup.group(), Topics.IMAGES);
            assertEquals(ids.size(), TestKafka.readToEnd(Topics.PREDICTIONS, r -> ids.contains(r.key())).size(),
                "and only one");
            assertTrue(TestKafka.readToEnd(Topics.IMAGES_REJECTED, r -> ids.contains(r.key())).isEmpty(),
                "no image failed during the swaps");

            Set<String> used = new HashSet<>(versionById.values());
            assertEquals(Set.of(v1.version(), v2.version(), v4.version()), used,
                "the valid versions served in turn, the corrupt one never");
            afterLastSwap.forEach(id -> assertEquals(v4.version(), versionById.get(id),
                "images consumed after the last swap use the newest model"));
            assertEquals(1.0, classifier.counter("camtrap.classifier.model.rejections"), "the corrupt model is counted");
            assertTrue(classifier.registry().scrape()
                .contains("camtrap_classifier_model_version_info{version=\"" + v4.version() + "\"}"));
            assertTrue(!classifier.registry().scrape()
                .contains("camtrap_classifier_model_version_info{version=\"" + v1.version() + "\"}"),
                "the old version's info series is removed");
        }
    }

    /** Sends a phase of images in one burst, like a camera network after a quiet spell; returns their ids. */
    private static Set<String> stream(long seed, List<String> sent) {
        List<ProducerRecord<String, byte[]>> phase = ImageRecords.jpegs(seed, PER_PHASE);
        TestKafka.send(phase);
        Set<String> ids = ImageRecords.ids(phase);
        sent.addAll(ids);
        return ids;
    }

    private static List<ConsumerRecord<String, byte[]>> awaitPredicted(Set<String> ids, int count) {
        return TestKafka.await(Topics.PREDICTIONS, r -> ids.contains(r.key()), count);
    }
}
