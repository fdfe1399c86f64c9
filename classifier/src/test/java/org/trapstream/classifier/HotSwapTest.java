package org.trapstream.classifier;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.serving.InferenceSettings;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Promotions while images stream: valid models swap in between batches, a corrupt one is refused. */
class HotSwapTest extends BrokerTest {

    private static final int PER_PHASE = 30;

    @Test
    void swapsUnderLoadWithoutLosingAPredictionAndRefusesACorruptModel(@TempDir Path dataDir) throws Exception {
        String group = TestKafka.uniqueGroup("hotswap");
        TestKafka.startGroupAtEnd(group);
        TrapstreamConfig config = TestKafka.config(dataDir, Map.of(
            ClassifierConfig.CLASSIFIER_GROUP_ID, group,
            ClassifierConfig.INFERENCE_THREADS, "2",
            InferenceSettings.BATCH_MAX_SIZE, "4",
            ClassifierConfig.BATCH_MAX_DELAY, "20ms"));
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ModelMetadata v1 = TestModels.save(registry, 11);
        TestKafka.announce(producer, registry.promote(v1.version()));
        long seed = System.nanoTime();
        List<String> sent = new ArrayList<>();

        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            stream(seed, sent);

            ModelMetadata v2 = TestModels.save(registry, 22);
            TestKafka.announce(producer, registry.promote(v2.version()));
            stream(seed + 1_000, sent);

            ModelMetadata v3 = TestModels.save(registry, 33);
            TestModels.tamper(registry, v3.version());
            TestKafka.announce(producer, new ModelAnnouncement(ModelAnnouncement.DEFAULT_MODEL, v3.version(),
                v3.sha256(), Instant.now()));
            stream(seed + 2_000, sent);

            ModelMetadata v4 = TestModels.save(registry, 44);
            TestKafka.announce(producer, registry.promote(v4.version()));
            stream(seed + 3_000, sent);

            classifier.awaitServing(v4.version());
            List<String> afterLastSwap = new ArrayList<>();
            stream(seed + 4_000, afterLastSwap);
            sent.addAll(afterLastSwap);

            Set<String> ids = new HashSet<>(sent);
            List<ConsumerRecord<String, byte[]>> records = TestKafka.read(Topics.PREDICTIONS,
                r -> ids.contains(r.key()), found -> found.size() >= ids.size(), Duration.ofSeconds(60));
            Map<String, String> versionById = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Prediction prediction = Prediction.fromJson(new JsonObject(new String(record.value())));
                versionById.put(prediction.imageId(), prediction.modelVersion());
            }
            assertEquals(ids, versionById.keySet(), "every image has its prediction");
            assertEquals(ids.size(), records.size(), "and only one");
            assertTrue(TestKafka.read(Topics.IMAGES_REJECTED, r -> ids.contains(r.key()), found -> !found.isEmpty(),
                Duration.ofSeconds(2)).isEmpty(), "no image failed during the swaps");

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

    /** Sends a phase of images at about 30 per second, like a busy camera network. */
    private static void stream(long seed, List<String> sent) throws InterruptedException {
        for (int i = 0; i < PER_PHASE; i++) {
            ProducerRecord<String, byte[]> record = ImageRecords.jpeg(seed + i);
            TestKafka.sendAll(producer, List.of(record));
            sent.add(record.key());
            Thread.sleep(30);
        }
    }
}
