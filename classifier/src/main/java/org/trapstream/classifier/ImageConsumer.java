package org.trapstream.classifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.OffsetTracker;

/**
 * Reads {@link Topics#IMAGES} for the classifier's consumer group and owns the flow control and the commits:
 * it pauses its partitions at the {@link InFlightLimit}, and commits per partition only what the
 * {@link OffsetTracker} says is done.
 *
 * <p>Why a plain {@link KafkaConsumer} on a dedicated thread rather than vertx-kafka-client: the Kafka consumer
 * is single-threaded, and everything that must happen on its thread happens here without hops. Above all the
 * rebalance callback runs synchronously inside {@code poll}, so the offsets of revoked partitions are committed
 * before another instance takes them over; vertx-kafka-client delivers that callback later on the event loop,
 * when a commit can no longer be made for those partitions. Pausing, resuming and committing are decided on
 * the same loop, and the client is at hand for Micrometer's {@code KafkaClientMetrics}. The blocking
 * {@code poll} never touches the event loop: records are handed to the pipeline through {@code deliver},
 * which the verticle points at its own context.
 */
final class ImageConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ImageConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final OffsetTracker tracker;
    private final InFlightLimit limit;
    private final Consumer<List<ConsumerRecord<String, byte[]>>> deliver;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long drainDeadlineNanos;
    private volatile boolean draining;
    private volatile Throwable failure;
    private boolean paused;

    /**
     * @param consumer a consumer with manual commits whose {@code max.poll.records} is at most the limit's
     *                 {@link InFlightLimit#pollSize()}; this object owns and closes it
     * @param deliver  receives each poll's records, already tracked, on the consumer thread; must not block
     */
    ImageConsumer(KafkaConsumer<String, byte[]> consumer, OffsetTracker tracker, InFlightLimit limit,
                  Consumer<List<ConsumerRecord<String, byte[]>>> deliver) {
        this.consumer = consumer;
        this.tracker = tracker;
        this.limit = limit;
        this.deliver = deliver;
        this.thread = new Thread(this::run, "classifier-consumer");
    }

    void start() {
        consumer.subscribe(List.of(Topics.IMAGES), new Rebalance());
        thread.start();
    }

    /** False once the loop died of an error (see the log); the classifier then reports itself down. */
    boolean healthy() {
        return failure == null;
    }

    /**
     * Stops taking new images, lets those in flight finish for up to {@code drainTimeout} so their offsets get
     * committed, commits, leaves the group and closes. Blocking: call from a worker.
     */
    void stop(Duration drainTimeout) throws InterruptedException {
        drainDeadlineNanos = System.nanoTime() + drainTimeout.toNanos();
        draining = true;
        thread.join(drainTimeout.plus(CLOSE_TIMEOUT).toMillis());
        if (thread.isAlive()) {
            running = false;
            consumer.wakeup();
            thread.join();
        }
    }

    private void run() {
        try {
            while (running && !(draining && (limit.current() == 0 || System.nanoTime() > drainDeadlineNanos))) {
                applyFlowControl();
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    hand(records);
                }
                commitAsync(tracker.takeCommittable());
            }
        } catch (WakeupException e) {
            LOG.info("Image consumer woken up to stop");
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("The image consumer stopped: {}", e.toString(), e);
        } finally {
            commitSync(tracker.takeCommittable());
            if (limit.current() > 0) {
                LOG.info("Leaving {} unfinished images to the partitions' next owner", limit.current());
            }
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private void hand(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            tracker.track(new TopicPartition(record.topic(), record.partition()), record.offset());
            batch.add(record);
        }
        limit.started(batch.size());
        deliver.accept(batch);
    }

    private void applyFlowControl() {
        boolean pause = draining || limit.shouldPause(paused);
        if (pause) {
            Set<TopicPartition> toPause = new HashSet<>(consumer.assignment());
            toPause.removeAll(consumer.paused());
            if (!toPause.isEmpty()) {
                consumer.pause(toPause);
            }
            if (!paused) {
                LOG.debug("Pausing {} with {} images in flight", toPause, limit.current());
            }
        } else if (paused) {
            LOG.debug("Resuming with {} images in flight", limit.current());
            consumer.resume(consumer.paused());
        }
        paused = pause;
    }

    private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            // A failed asynchronous commit is superseded by the next one, which carries later offsets.
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    LOG.warn("Commit of {} failed: {}", committed, e.toString());
                }
            });
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("Commit of {} failed: {}; those images will be classified again by the next owner",
                offsets, e.toString());
        }
    }

    /** Runs inside {@code poll}, on the consumer thread. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("Partitions revoked: {}; committing what is done", partitions);
                commitSync(tracker.revoke(partitions));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("Partitions lost: {}; their in-flight images will be classified again by the new owner",
                partitions);
            tracker.revoke(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("Partitions assigned: {}", partitions);
            if (paused && !partitions.isEmpty()) {
                consumer.pause(partitions);
            }
        }
    }
}
