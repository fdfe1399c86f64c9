package org.trapstream.tests.faults;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.InferenceSettings;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A classifier process killed with SIGKILL three times while images stream in, restarted at once each time: once
 * the last one has drained the topic, every image has its prediction; what a killed process had in flight is
 * predicted again by its successor (at-least-once), counted and reported, never lost.
 */
class ClassifierKillFaultTest {

    private static final int KILLS = 3;
    private static final int MAX_IN_FLIGHT = 32;

    @ParameterizedTest(name = "round {0}")
    @MethodSource("org.trapstream.tests.faults.Scale#rounds")
    void everyImageIsPredictedThroughThreeKills(int round, @TempDir Path dataDir) {
        String group = Deliveries.newClassifierGroup("fault-kill");
        ModelMetadata model = TinyModels.promote(new ModelRegistry(dataDir.resolve("models")), 7);
        Map<String, String> settings = Map.of(
            ClassifierConfig.CLASSIFIER_GROUP_ID, group,
            // Static membership: a restarted classifier takes its partitions back without waiting for the
            // killed one's session to time out.
            KafkaSettings.KAFKA_GROUP_INSTANCE_ID, "fault-classifier-0",
            ClassifierConfig.MAX_IN_FLIGHT, String.valueOf(MAX_IN_FLIGHT),
            InferenceSettings.BATCH_MAX_SIZE, "8");
        List<ProducerRecord<String, byte[]>> images = StreamImages.records(System.nanoTime(), Scale.images(400));
        Set<String> ids = StreamImages.ids(images);
        List<List<ProducerRecord<String, byte[]>>> runs = StreamImages.split(images, KILLS + 1);

        RoleProcess classifier = RoleProcess.start("classifier", dataDir, settings);
        try {
            classifier.awaitServing(model.version());
            for (int kill = 0; kill < KILLS; kill++) {
                List<ProducerRecord<String, byte[]>> run = runs.get(kill);
                TestKafka.send(run);
                // Killed mid-run: some of it predicted, the rest in flight or still on the topic.
                Set<String> runIds = StreamImages.ids(run);
                TestKafka.await(Topics.PREDICTIONS, r -> runIds.contains(r.key()), run.size() / 3);
                classifier.kill();
                classifier = RoleProcess.start("classifier", dataDir, settings);
            }
            TestKafka.send(runs.get(KILLS));

            Deliveries deliveries = Deliveries.settled(group, ids);
            deliveries.assertNoneLost("classifier killed " + KILLS + " times");
            deliveries.assertNoDeadLetters();
            // A killed process leaves uncommitted what it had in flight, what finished since its loop's last
            // commit (it commits after every poll, and between polls only what is in flight can finish), and what
            // that commit covered if it had not landed yet: three times the in-flight bound at most.
            assertTrue(deliveries.duplicates() <= (long) KILLS * 3 * MAX_IN_FLIGHT,
                "redelivered at most what each killed process held uncommitted: " + deliveries.duplicates());
        } finally {
            classifier.close();
        }
    }
}
