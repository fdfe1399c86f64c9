package org.trapstream.trainer.feedback;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.TrainerMetrics;
import org.trapstream.trainer.labels.LabelStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/** Feedback from the real topic into the label log: last label wins, bad records are refused and counted. */
class FeedbackConsumerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    private Vertx vertx;
    private TrapstreamConfig config;
    private ImageStore images;
    private final String group = TestKafka.uniqueGroup("trainer-feedback-test");

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        config = TestKafka.config(TrainerConfig.DEFINITION, dataDir, Map.of(TrainerConfig.TRAINER_GROUP_ID, group));
        images = new ImageStore(config.imageStoreDir());
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private String storedImage(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String id = ImageIds.of(bytes);
        images.put(id, bytes);
        return id;
    }

    private static ProducerRecord<String, byte[]> feedback(String imageId, String label, String labeler) {
        return feedback(imageId, new Feedback(imageId, label, labeler, Instant.now(), "cam-1").toJson().encode());
    }

    private static ProducerRecord<String, byte[]> feedback(String imageId, String json) {
        return new ProducerRecord<>(Topics.FEEDBACK, imageId, json.getBytes(StandardCharsets.UTF_8));
    }

    private FeedbackConsumer start(LabelStore labels, SimpleMeterRegistry registry) throws Exception {
        WorkerExecutor worker = vertx.createSharedWorkerExecutor("test-trainer-labels", 1);
        FeedbackConsumer feedback = new FeedbackConsumer(vertx.getOrCreateContext(), config, "test-trainer", worker,
            new FeedbackIntake(images), labels, new TrainerMetrics(registry, labels), () -> { });
        feedback.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return feedback;
    }

    private static void await(Future<?> future) throws Exception {
        future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static double feedbackCount(SimpleMeterRegistry registry, String outcome, String reason) {
        var counter = registry.find("camtrap.trainer.feedback").tags("outcome", outcome, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRetractionOnTheTopicTakesBackTheLabelItNames() throws Exception {
        String deer = storedImage("a deer, then not");
        Instant given = Instant.parse("2024-05-01T06:00:00Z");
        Feedback label = new Feedback(deer, "mouse_deer", "ana", given, "cam-1");
        TestKafka.send(List.of(
            feedback(deer, label.toJson().encode()),
            feedback(deer, Feedback.retraction(deer, "ana", given.plusSeconds(3), "cam-1", given).toJson().encode())));

        try (LabelStore labels = LabelStore.open(config.labelsDir())) {
            FeedbackConsumer consumer = start(labels, new SimpleMeterRegistry());
            eventually(TIMEOUT, () -> assertEquals(2, labels.logPosition(), "the label and its retraction stored"));
            await(consumer.stop());
            assertTrue(labels.latest(deer).isEmpty(), "the retracted label no longer counts");
            assertEquals(0, labels.labelledImages());
        }
        try (LabelStore reopened = LabelStore.open(config.labelsDir())) {
            assertTrue(reopened.latest(deer).isEmpty(), "nor after the log is read again");
        }
    }

    @Test
    void storesGoodFeedbackRefusesBadFeedbackAndCommitsOnceStored() throws Exception {
        String bee = storedImage("bee");
        String wasp = storedImage("wasp");
        String neverStored = ImageIds.of("never stored".getBytes(StandardCharsets.UTF_8));
        // Earlier tests on the shared broker left feedback for images this test's store does not hold.
        long foreign = TestKafka.recordsIn(Topics.FEEDBACK);
        TestKafka.send(List.of(
            feedback(bee, "italian_honey_bee", "ana"),
            feedback(wasp, "wasp", "ana"),
            feedback(neverStored, "italian_honey_bee", "ana"),
            feedback(wasp, "", "ana"),
            feedback(wasp, "wasp, maybe", "ana"),
            feedback(wasp, "{not json"),
            feedback(wasp, "{\"schema_version\": 99}"),
            feedback(bee, "carniolan_honey_bee", "ben")));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LabelStore labels = LabelStore.open(config.labelsDir())) {
            FeedbackConsumer consumer = start(labels, registry);
            eventually(TIMEOUT, () -> assertEquals(3, labels.logPosition(), "3 labels stored"));
            TestKafka.awaitCommittedToEnd(group, Topics.FEEDBACK);
            await(consumer.stop());

            assertEquals(2, labels.labelledImages());
            assertEquals("carniolan_honey_bee", labels.latest(bee).orElseThrow().label(), "the last label wins");
            assertEquals("ben", labels.latest(bee).orElseThrow().labeler());
            assertEquals("wasp", labels.latest(wasp).orElseThrow().label());
        }
        assertEquals(3, feedbackCount(registry, "accepted", "none"));
        assertEquals(1 + foreign, feedbackCount(registry, "rejected", "unknown_image"));
        assertEquals(2, feedbackCount(registry, "rejected", "invalid_label"));
        assertEquals(2, feedbackCount(registry, "rejected", "malformed"));
        assertEquals(2, registry.find("camtrap.trainer.labels").gauge().value());

        try (LabelStore reopened = LabelStore.open(config.labelsDir())) {
            assertEquals("carniolan_honey_bee", reopened.latest(bee).orElseThrow().label(), "rebuilt from the log");
            assertEquals(3, reopened.logPosition());
        }
    }

    @Test
    void aRestartedConsumerDoesNotStoreCommittedFeedbackAgain() throws Exception {
        String bee = storedImage("another bee");
        TestKafka.send(feedback(bee, "russian_honey_bee", "ana"));
        try (LabelStore labels = LabelStore.open(config.labelsDir())) {
            FeedbackConsumer first = start(labels, new SimpleMeterRegistry());
            eventually(TIMEOUT, () -> assertEquals(1, labels.logPosition(), "label stored"));
            TestKafka.awaitCommittedToEnd(group, Topics.FEEDBACK);
            await(first.stop());

            TestKafka.send(feedback(bee, "western_honey_bee", "ben"));
            FeedbackConsumer second = start(labels, new SimpleMeterRegistry());
            eventually(TIMEOUT, () -> assertTrue(labels.logPosition() >= 2, "the new label stored"));
            TestKafka.awaitCommittedToEnd(group, Topics.FEEDBACK);
            await(second.stop());

            assertEquals(2, labels.logPosition(), "only the new record was appended");
            assertEquals("western_honey_bee", labels.latest(bee).orElseThrow().label());
        }
    }
}
