package org.trapstream.classifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.vertx.core.Future;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;

/**
 * While no model serves (a fresh installation), shows labelers the images that wait: each image on
 * {@link Topics#IMAGES} becomes a review item without a label ({@link Prediction#awaitingModel}), so the labels
 * the first model is trained from can be given at all.
 *
 * <p>It only looks, so that the consumer group stays exactly where it was: the consumer joins no group (it is
 * assigned every partition; the group id serves only to read the group's committed offsets, where it starts,
 * or the beginning where the group has none) and never commits. Once a model serves, the verticle stops this
 * preview and the group's own {@link ImageConsumer} starts from those same offsets, so every image previewed here
 * is then classified like any other: none is skipped. Joining the group instead would hold its partitions
 * without being able to finish an image, and keep them from instances that have a model.
 *
 * <p>Memory stays bounded as in the {@link ImageConsumer}: at most {@link InFlightLimit} review items wait for
 * Kafka's acknowledgement, beyond that the partitions are paused, so a producer that backs up slows the reading.
 * Records are reduced to their small review item on this thread; the image bytes are dropped at once.
 */
final class ColdStartPreview {

    private static final Logger LOG = LoggerFactory.getLogger(ColdStartPreview.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final InFlightLimit limit;
    private final Executor onContext;
    private final Function<Prediction, Future<Void>> publish;
    private final AtomicLong previewed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private boolean paused;

    /**
     * @param consumer  a consumer with the classifier's group id, auto-commit off, {@code max.poll.records} at
     *                  most the limit's {@link InFlightLimit#pollSize()}; this object owns and closes it
     * @param onContext runs tasks on the verticle's context, where {@code publish} must be called
     * @param publish   sends one review item, completing once Kafka acknowledged it
     */
    ColdStartPreview(KafkaConsumer<String, byte[]> consumer, InFlightLimit limit, Executor onContext,
                     Function<Prediction, Future<Void>> publish) {
        this.consumer = consumer;
        this.limit = limit;
        this.onContext = onContext;
        this.publish = publish;
        this.thread = new Thread(this::run, "classifier-cold-start-preview");
    }

    void start() {
        thread.start();
    }

    /** Review items acknowledged by Kafka so far. */
    long previewed() {
        return previewed.get();
    }

    boolean healthy() {
        return failure == null;
    }

    /** Stops reading and closes the consumer; items already handed over still get published. Blocking; idempotent. */
    void stop() throws InterruptedException {
        if (running) {
            running = false;
            consumer.wakeup();
        }
        thread.join();
    }

    private void run() {
        try {
            startAtCommittedOffsets();
            while (running) {
                applyFlowControl();
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    hand(records);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Cold start preview woken up to stop");
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("The cold start preview stopped; waiting images no longer reach the review queue: {}",
                e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private void startAtCommittedOffsets() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.IMAGES).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        List<TopicPartition> neverCommitted = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                neverCommitted.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        // Only when there are such partitions: given none, seekToBeginning rewinds every assigned partition,
        // which would preview (again) all that the group has already consumed.
        if (!neverCommitted.isEmpty()) {
            consumer.seekToBeginning(neverCommitted);
        }
        LOG.info("No model serves yet: previewing {} from the group's committed offsets ({} of {} partitions "
            + "never committed, from their beginning) as review items without a label, until a model is promoted",
            Topics.IMAGES, neverCommitted.size(), partitions.size());
    }

    private void hand(ConsumerRecords<String, byte[]> records) {
        List<Prediction> items = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            reviewItem(record).ifPresent(items::add);
        }
        if (!items.isEmpty()) {
            limit.started(items.size());
            onContext.execute(() -> items.forEach(this::publish));
        }
    }

    private void publish(Prediction item) {
        publish.apply(item)
            .onSuccess(ignored -> previewed.incrementAndGet())
            .onComplete(ignored -> limit.finished());
    }

    /** A record without ingest's headers is not shown; the group consumer dead-letters it later. */
    private static Optional<Prediction> reviewItem(ConsumerRecord<String, byte[]> record) {
        try {
            ImageRecord image = ImageRecord.fromKafka(record.headers(), record.value());
            return Optional.of(Prediction.awaitingModel(image.imageId(), image.cameraId(), image.capturedAt(),
                Instant.now()));
        } catch (RuntimeException e) {
            LOG.debug("Not previewing the malformed record {}-{}@{}: {}", record.topic(), record.partition(),
                record.offset(), e.toString());
            return Optional.empty();
        }
    }

    private void applyFlowControl() {
        boolean pause = limit.shouldPause(paused);
        if (pause && !paused) {
            consumer.pause(consumer.assignment());
        } else if (!pause && paused) {
            consumer.resume(consumer.assignment());
        }
        paused = pause;
    }
}
