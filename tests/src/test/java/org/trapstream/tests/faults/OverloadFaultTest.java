package org.trapstream.tests.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * Far more images offered at once than the classifier takes (a burst that Kafka acknowledges many times faster
 * than the classifier predicts, and more bytes of images than its whole heap): its consumer pauses at the
 * in-flight bound, the heap holds (a JVM that runs out of heap exits here, -XX:+ExitOnOutOfMemoryError), and the
 * backlog drains. Both are read from the process's own {@code /metrics} while it works.
 */
class OverloadFaultTest {

    private static final int MAX_IN_FLIGHT = 16;
    /** The classifier's whole heap: the images offered weigh more than this. */
    private static final long HEAP_BYTES = 256L * 1024 * 1024;
    /** Camera-sized frames of noise, about 470 KB each as JPEG. */
    private static final int WIDTH = 1024;
    private static final int HEIGHT = 768;

    @ParameterizedTest(name = "round {0}")
    @MethodSource("org.trapstream.tests.faults.Scale#rounds")
    void aBacklogBeyondTheHeapDrainsWithinTheInFlightBound(int round, @TempDir Path dataDir) {
        String group = Deliveries.newClassifierGroup("fault-overload");
        TinyModels.promote(new ModelRegistry(dataDir.resolve("models")), 4);
        List<ProducerRecord<String, byte[]>> images =
            StreamImages.records(System.nanoTime(), Scale.images(640), WIDTH, HEIGHT);
        long offeredBytes = images.stream().mapToLong(r -> r.value().length).sum();
        assertTrue(offeredBytes > HEAP_BYTES, "the backlog outweighs the heap: " + offeredBytes + " bytes");

        try (RoleProcess classifier = RoleProcess.start("classifier", dataDir, Map.of(
                ClassifierConfig.CLASSIFIER_GROUP_ID, group,
                ClassifierConfig.MAX_IN_FLIGHT, String.valueOf(MAX_IN_FLIGHT)),
                "-Xmx" + HEAP_BYTES / (1024 * 1024) + "m", "-XX:+ExitOnOutOfMemoryError")) {
            TestKafka.send(images);
            Map<TopicPartition, Long> ends = TestKafka.endOffsets(Topics.IMAGES);
            double[] peaks = new double[2];
            eventually(Duration.ofMinutes(Scale.LONG ? 30 : 4), () -> {
                assertTrue(classifier.isAlive(), "the classifier died under the backlog: " + classifier);
                peaks[0] = Math.max(peaks[0], classifier.metric("camtrap_classifier_in_flight", ""));
                peaks[1] = Math.max(peaks[1], classifier.metric("jvm_memory_used_bytes", "area=\"heap\""));
                Map<TopicPartition, Long> committed = TestKafka.committed(group, Topics.IMAGES);
                ends.forEach((partition, end) -> assertTrue(committed.getOrDefault(partition, 0L) >= end,
                    "the backlog drains: committed " + committed + " of " + ends));
            });
            System.out.printf("overload: %d images (%d MB) offered at once; peak in flight %.0f (bound %d), "
                + "peak heap used %.0f MB of %d MB%n", images.size(), offeredBytes >> 20, peaks[0], MAX_IN_FLIGHT,
                peaks[1] / (1 << 20), HEAP_BYTES >> 20);
            assertTrue(peaks[0] <= MAX_IN_FLIGHT, "in flight at most the bound, at peak " + peaks[0]);
            Deliveries deliveries = Deliveries.settled(group, StreamImages.ids(images));
            deliveries.assertNoneLost("overload");
            deliveries.assertNoDeadLetters();
        }
    }
}
