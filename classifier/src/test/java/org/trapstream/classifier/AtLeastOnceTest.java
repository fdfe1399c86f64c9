package org.trapstream.classifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.InferenceSettings;
import org.trapstream.serving.ModelMetadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/** A classifier killed mid-stream loses nothing: its successor in the group predicts what it left. */
class AtLeastOnceTest extends BrokerTest {

    private static final int IMAGES = 150;

    @Test
    void everyImageIsPredictedAfterAnAbruptStopAndARestart(@TempDir Path dataDir) {
        Setup setup = newSetup("restart", dataDir, Map.of(
            ClassifierConfig.MAX_IN_FLIGHT, "16",
            InferenceSettings.BATCH_MAX_SIZE, "4",
            // No grace: whatever is in flight when Vert.x closes is abandoned, as in a crash.
            ClassifierConfig.CLASSIFIER_DRAIN_TIMEOUT, "0ms"));
        TrapstreamConfig config = setup.config();
        ModelMetadata model = promoteNewModel(setup.registry(), 5);

        List<ProducerRecord<String, byte[]>> images = ImageRecords.jpegs(System.nanoTime(), IMAGES);
        Set<String> ids = ImageRecords.ids(images);

        DeployedClassifier first = DeployedClassifier.deploy(config);
        TestKafka.send(images);
        int predictedByFirst = TestKafka.await(Topics.PREDICTIONS, r -> ids.contains(r.key()), 30).size();
        assertTrue(predictedByFirst >= 30 && predictedByFirst < IMAGES, "stop mid-stream, after " + predictedByFirst);
        Future<Void> closing = first.closeWithoutWaiting();

        try (DeployedClassifier second = DeployedClassifier.deploy(config)) {
            assertEquals(model.version(), second.health().getString("model_version"));
            List<ConsumerRecord<String, byte[]>> records = TestKafka.awaitUntil(Topics.PREDICTIONS,
                r -> ids.contains(r.key()), found -> assertEquals(IMAGES,
                    found.stream().map(ConsumerRecord::key).distinct().count(), "images predicted so far"));
            Map<String, Integer> predictions = new HashMap<>();
            records.forEach(r -> predictions.merge(r.key(), 1, Integer::sum));
            assertEquals(ids, predictions.keySet(), "every image has at least one prediction");
            long duplicates = records.size() - ids.size();
            assertTrue(duplicates <= 16 + 4, "only what was in flight may be predicted twice, got " + duplicates);
            DeployedClassifier.await(closing);
            eventually(Duration.ofSeconds(15), () -> assertEquals(IMAGES, setup.committedSince(),
                "the successor committed everything"));
        }
    }
}
