package org.trapstream.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.OffsetTracker;

/**
 * Feeds {@code camtrap.images.raw} through the {@link ImageIntake}, at least once: an offset is committed only
 * after Kafka acknowledged the outcome of that record and of every record before it in its partition. A record
 * whose outcome Kafka did not take is tried again and holds its partition's commits back until it succeeds.
 * At {@code maxInFlight} unfinished records the consumer pauses, and resumes once half of them are done.
 * Runs on the event loop of the verticle that created it.
 */
final class RawImageConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RawImageConsumer.class);
    /** A failure means Kafka's producer already retried for its whole delivery timeout: no backoff beyond this. */
    private static final long RETRY_DELAY_MS = 1000;
    private static final long COMMIT_RETRY_DELAY_MS = 1000;

    private final Vertx vertx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ImageIntake intake;
    private final int maxInFlight;
    private final OffsetTracker offsets = new OffsetTracker();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean paused;
    private boolean committing;

    RawImageConsumer(Vertx vertx, KafkaConsumer<String, byte[]> consumer, ImageIntake intake, int maxInFlight,
                     IngestMetrics metrics) {
        this.vertx = vertx;
        this.consumer = consumer;
        this.intake = intake;
        this.maxInFlight = maxInFlight;
        metrics.trackInFlight(inFlight);
    }

    Future<Void> start() {
        consumer.handler(this::received);
        // what finished in a revoked partition waits for no commit: its new owner reads it again, at least once
        consumer.partitionsRevokedHandler(revoked -> offsets.revoke(kafkaPartitions(revoked)));
        consumer.exceptionHandler(e -> LOG.warn("Kafka consumer of {} failed: {}", Topics.IMAGES_RAW, e.toString()));
        return consumer.subscribe(Topics.IMAGES_RAW).onSuccess(v -> running = true);
    }

    /** Commits what is finished and leaves the group; records still in flight are read again later. */
    Future<Void> stop() {
        running = false;
        Map<TopicPartition, OffsetAndMetadata> positions = offsets.takeCommittable();
        if (!positions.isEmpty()) {
            // not awaited: a paused consumer does not poll, and close() completes pending commits anyway
            consumer.commit(toVertx(positions));
        }
        return consumer.close();
    }

    boolean running() {
        return running;
    }

    JsonObject status() {
        return new JsonObject().put("running", running).put("in_flight", inFlight.get()).put("paused", paused);
    }

    private void received(KafkaConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.track(partition, record.offset());
        if (inFlight.incrementAndGet() >= maxInFlight && !paused) {
            LOG.debug("Pausing {}: {} records in flight", Topics.IMAGES_RAW, inFlight.get());
            paused = true;
            consumer.pause();
        }
        process(record, partition);
    }

    private void process(KafkaConsumerRecord<String, byte[]> record, TopicPartition partition) {
        intake.accept(incoming(record)).onComplete(result -> {
            if (result.succeeded()) {
                offsets.done(partition, record.offset());
                done();
                commitFinished();
            } else if (running && offsets.isTracked(partition, record.offset())) {
                LOG.warn("No outcome recorded for {} offset {}; trying again in {} ms: {}",
                    partition, record.offset(), RETRY_DELAY_MS, result.cause().toString());
                vertx.setTimer(RETRY_DELAY_MS, id -> process(record, partition));
            } else {
                // stopped or revoked: the record was not committed, so it is read again
                done();
            }
        });
    }

    private void done() {
        if (inFlight.decrementAndGet() <= maxInFlight / 2 && paused) {
            LOG.debug("Resuming {}: {} records in flight", Topics.IMAGES_RAW, inFlight.get());
            paused = false;
            consumer.resume();
        }
    }

    /** One commit at a time: positions that finish meanwhile go with the next one. */
    private void commitFinished() {
        if (committing || !running) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> positions = offsets.takeCommittable();
        if (positions.isEmpty()) {
            return;
        }
        committing = true;
        consumer.commit(toVertx(positions)).onComplete(result -> {
            committing = false;
            if (result.succeeded()) {
                commitFinished();
            } else {
                LOG.warn("Committing {} failed; trying again in {} ms: {}",
                    positions, COMMIT_RETRY_DELAY_MS, result.cause().toString());
                offsets.commitFailed(positions);
                vertx.setTimer(COMMIT_RETRY_DELAY_MS, id -> commitFinished());
            }
        });
    }

    private static Map<io.vertx.kafka.client.common.TopicPartition, io.vertx.kafka.client.consumer.OffsetAndMetadata>
        toVertx(Map<TopicPartition, OffsetAndMetadata> positions) {
        Map<io.vertx.kafka.client.common.TopicPartition, io.vertx.kafka.client.consumer.OffsetAndMetadata> commit =
            new HashMap<>();
        positions.forEach((partition, position) -> commit.put(
            new io.vertx.kafka.client.common.TopicPartition(partition.topic(), partition.partition()),
            new io.vertx.kafka.client.consumer.OffsetAndMetadata(position.offset(), "")));
        return commit;
    }

    private static Set<TopicPartition> kafkaPartitions(Set<io.vertx.kafka.client.common.TopicPartition> partitions) {
        return partitions.stream().map(p -> new TopicPartition(p.getTopic(), p.getPartition())).collect(Collectors.toSet());
    }

    private static IncomingImage incoming(KafkaConsumerRecord<String, byte[]> record) {
        Headers headers = record.record().headers();
        byte[] bytes = record.value() == null ? new byte[0] : record.value();
        return new IncomingImage(bytes, ImageRecord.text(headers, ImageHeaders.CAMERA_ID),
            ImageRecord.text(headers, ImageHeaders.CAPTURED_AT), IntakeSource.KAFKA);
    }
}
