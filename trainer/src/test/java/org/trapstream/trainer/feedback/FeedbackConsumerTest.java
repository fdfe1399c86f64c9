package org.trapstream.trainer.feedback;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.TestKafka;
import org.trapstream.trainer.TrainerMetrics;
import org.trapstream.trainer.labels.LabelStore;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Feedback from the real topic into the label log: last label wins, bad records are refused and counted. */
class FeedbackConsumerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    private Vertx vertx;
    private TrapstreamConfig config;
    private ImageStore images;
    private final String group = "trainer-feedback-test-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        config = TestKafka.config(dataDir, Map.of());
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

    private static Map.Entry<String, String> feedback(String imageId, String label, String labeler) {
        return entry(imageId, new Feedback(imageId, label, labeler, Instant.now()).toJson().encode());
    }

    private FeedbackConsumer start(LabelStore labels, SimpleMeterRegistry registry) throws Exception {
        WorkerExecutor worker = vertx.createSharedWorkerExecutor("test-trainer-labels", 1);
        KafkaConsumer<String, byte[]> consumer = KafkaConsumer.create(vertx,
            KafkaClients.consumer(config, group, "test-trainer"));
        FeedbackConsumer feedback = new FeedbackConsumer(vertx, consumer, worker, new FeedbackIntake(images), labels,
            new TrainerMetrics(registry, labels), () -> { });
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
    void storesGoodFeedbackRefusesBadFeedbackAndCommitsOnceStored() throws Exception {
        String bee = storedImage("bee");
        String wasp = storedImage("wasp");
        String neverStored = ImageIds.of("never stored".getBytes(StandardCharsets.UTF_8));
        // Earlier tests on the shared broker left feedback for images this test's store does not hold.
        long foreign = TestKafka.recordsIn(config, Topics.FEEDBACK);
        TestKafka.send(config, Topics.FEEDBACK, List.of(
            feedback(bee, "italian_honey_bee", "ana"),
            feedback(wasp, "wasp", "ana"),
            feedback(neverStored, "italian_honey_bee", "ana"),
            feedback(wasp, "", "ana"),
            feedback(wasp, "wasp, maybe", "ana"),
            entry(wasp, "{not json"),
            entry(wasp, "{\"schema_version\": 99}"),
            feedback(bee, "carniolan_honey_bee", "ben")));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LabelStore labels = LabelStore.open(config.labelsDir())) {
            FeedbackConsumer consumer = start(labels, registry);
            TestKafka.await(TIMEOUT, "3 labels stored and offsets committed", () -> labels.logPosition() == 3
                && TestKafka.committedToEnd(config, Topics.FEEDBACK, group));
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
        TestKafka.send(config, Topics.FEEDBACK, List.of(feedback(bee, "russian_honey_bee", "ana")));
        try (LabelStore labels = LabelStore.open(config.labelsDir())) {
            FeedbackConsumer first = start(labels, new SimpleMeterRegistry());
            TestKafka.await(TIMEOUT, "label stored and committed",
                () -> labels.logPosition() == 1 && TestKafka.committedToEnd(config, Topics.FEEDBACK, group));
            await(first.stop());

            TestKafka.send(config, Topics.FEEDBACK, List.of(feedback(bee, "western_honey_bee", "ben")));
            FeedbackConsumer second = start(labels, new SimpleMeterRegistry());
            TestKafka.await(TIMEOUT, "the new label stored",
                () -> labels.logPosition() >= 2 && TestKafka.committedToEnd(config, Topics.FEEDBACK, group));
            await(second.stop());

            assertEquals(2, labels.logPosition(), "only the new record was appended");
            assertEquals("western_honey_bee", labels.latest(bee).orElseThrow().label());
        }
    }
}
