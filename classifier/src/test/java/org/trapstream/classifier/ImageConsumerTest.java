package org.trapstream.classifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.OffsetTracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer's flow control and commits against a real broker, with the test playing the pipeline. */
class ImageConsumerTest {

    private static final TopicPartition P0 = new TopicPartition(Topics.IMAGES, 0);

    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void broker(@TempDir Path dataDir) {
        TestKafka.config(dataDir, Map.of());
        producer = TestKafka.producer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    /** What the pipeline would do, in the test's hands: records arrive here and are finished on demand. */
    private record Pipeline(BlockingQueue<ConsumerRecord<String, byte[]>> received, AtomicInteger peakInFlight,
                            OffsetTracker tracker, InFlightLimit limit) {

        static Pipeline of(int maxInFlight) {
            return new Pipeline(new LinkedBlockingQueue<>(), new AtomicInteger(), new OffsetTracker(),
                new InFlightLimit(maxInFlight));
        }

        ImageConsumer consumer(String group) {
            return new ImageConsumer(
                TestKafka.consumer(group, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(limit.pollSize()))),
                tracker, limit, records -> {
                    peakInFlight.accumulateAndGet(limit.current(), Math::max);
                    received.addAll(records);
                });
        }

        void finish(ConsumerRecord<String, byte[]> record) {
            tracker.done(new TopicPartition(record.topic(), record.partition()), record.offset());
            limit.finished();
        }
    }

    private List<ProducerRecord<String, byte[]>> records(int count, Integer partition) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(Topics.IMAGES, partition, "key-" + i, new byte[] {(byte) i}));
        }
        return records;
    }

    @Test
    void pausesAtTheInFlightBoundAndResumesAsImagesFinish() throws Exception {
        String group = TestKafka.uniqueGroup("flow");
        TestKafka.startGroupAtEnd(group);
        long before = committedTotal(group);
        TestKafka.sendAll(producer, records(60, null));
        Pipeline pipeline = Pipeline.of(8);
        ImageConsumer consumer = pipeline.consumer(group);
        consumer.start();
        try {
            List<ConsumerRecord<String, byte[]>> held = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r; (r = pipeline.received().poll(10, TimeUnit.SECONDS)) != null; ) {
                held.add(r);
                if (held.size() == 8) {
                    break;
                }
            }
            Thread.sleep(1_500);
            assertTrue(held.size() + pipeline.received().size() <= 8,
                "nothing finished, yet more than 8 images were handed over: " + (held.size() + pipeline.received().size()));
            assertTrue(held.size() >= 7, "the consumer should fill up to the bound, got " + held.size());

            // Finish the held ones and everything after them, one by one, as a slow pipeline would.
            held.forEach(pipeline::finish);
            int finished = held.size();
            while (finished < 60) {
                ConsumerRecord<String, byte[]> next = pipeline.received().poll(10, TimeUnit.SECONDS);
                assertNotNull(next, "consumption did not resume after " + finished + " images");
                pipeline.finish(next);
                finished++;
            }
            assertTrue(pipeline.peakInFlight().get() <= 8, "in flight peaked at " + pipeline.peakInFlight().get());
            assertNull(pipeline.received().poll(500, TimeUnit.MILLISECONDS), "an image was handed over twice");
        } finally {
            consumer.stop(Duration.ofSeconds(5));
        }
        assertEquals(60, committedTotal(group) - before, "every finished image is committed");
    }

    @Test
    void neverCommitsPastAnUnfinishedImageAndRedeliversFromThere() throws Exception {
        String group = TestKafka.uniqueGroup("commit");
        TestKafka.startGroupAtEnd(group);
        long base = TestKafka.committed(group).get(P0);
        TestKafka.sendAll(producer, records(10, 0));

        Pipeline first = Pipeline.of(32);
        ImageConsumer consumer = first.consumer(group);
        consumer.start();
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        while (seen.size() < 10) {
            ConsumerRecord<String, byte[]> r = first.received().poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "only " + seen.size() + " of 10 images arrived");
            seen.add(r);
        }
        // Everything finishes but the fourth image, e.g. still in the model when the instance dies.
        seen.stream().filter(r -> r.offset() != base + 3).forEach(first::finish);
        consumer.stop(Duration.ZERO);
        assertEquals(base + 3, TestKafka.committed(group).get(P0), "the commit stops before the unfinished image");

        Pipeline second = Pipeline.of(32);
        ImageConsumer restarted = second.consumer(group);
        restarted.start();
        try {
            ConsumerRecord<String, byte[]> again = second.received().poll(10, TimeUnit.SECONDS);
            assertNotNull(again, "the unfinished image must be delivered again");
            assertEquals(base + 3, again.offset());
        } finally {
            restarted.stop(Duration.ZERO);
        }
    }

    @Test
    void aRebalanceCommitsWhatIsDoneAndTheUnfinishedImagesAreDeliveredAgain() throws Exception {
        String group = TestKafka.uniqueGroup("rebalance");
        TestKafka.startGroupAtEnd(group);
        Map<TopicPartition, Long> base = TestKafka.committed(group);
        for (int partition = 0; partition < 3; partition++) {
            TestKafka.sendAll(producer, records(10, partition));
        }
        Pipeline first = Pipeline.of(64);
        ImageConsumer a = first.consumer(group);
        a.start();
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        while (seen.size() < 30) {
            ConsumerRecord<String, byte[]> r = first.received().poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "only " + seen.size() + " of 30 images arrived");
            seen.add(r);
        }
        // The sixth image of every partition is still in the model when a second instance joins.
        seen.stream().filter(r -> r.offset() - base.get(partitionOf(r)) != 5).forEach(first::finish);

        Pipeline second = Pipeline.of(64);
        ImageConsumer b = second.consumer(group);
        b.start();
        try {
            Map<TopicPartition, Long> firstRedelivered = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (firstRedelivered.size() < 3 && System.nanoTime() < deadline) {
                for (Pipeline pipeline : List.of(first, second)) {
                    ConsumerRecord<String, byte[]> r = pipeline.received().poll(100, TimeUnit.MILLISECONDS);
                    if (r != null) {
                        firstRedelivered.putIfAbsent(partitionOf(r), r.offset());
                    }
                }
            }
            for (int partition = 0; partition < 3; partition++) {
                TopicPartition tp = new TopicPartition(Topics.IMAGES, partition);
                assertEquals(base.get(tp) + 5, firstRedelivered.get(tp),
                    "partition " + partition + " resumes at its unfinished image, after the committed prefix");
            }
        } finally {
            a.stop(Duration.ZERO);
            b.stop(Duration.ZERO);
        }
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static long committedTotal(String group) {
        return TestKafka.committed(group).values().stream().mapToLong(Long::longValue).sum();
    }
}
