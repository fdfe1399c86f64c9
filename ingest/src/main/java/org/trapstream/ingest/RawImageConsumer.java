package org.trapstream.ingest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.Reading;

/**
 * Feeds {@code camtrap.images.raw} through the {@link ImageIntake}, at least once, as a member of ingest's
 * consumer group: a record is done once Kafka acknowledged its outcome, and the {@link ConsumerLoop} commits a
 * partition only up to its first record not done. A record whose outcome Kafka did not take is tried again, and
 * holds its partition's commits back, for as long as it is still this consumer's. At {@code maxInFlight}
 * unfinished records the loop pauses, and resumes once half of them are done.
 */
final class RawImageConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RawImageConsumer.class);
    /** A failure means Kafka's producer already retried for its whole delivery timeout: no backoff beyond this. */
    private static final long RETRY_DELAY_MS = 1000;

    private final Vertx vertx;
    private final ImageIntake intake;
    private final ConsumerLoop loop;

    /** Handles the records on {@code context}. */
    RawImageConsumer(Context context, TrapstreamConfig config, String clientId, ImageIntake intake,
                     IngestMetrics metrics, MeterRegistry registry) {
        this.vertx = context.owner();
        this.intake = intake;
        this.loop = ConsumerLoop.builder(config, clientId,
                Reading.asMemberOf(config.getString(IngestConfig.INGEST_GROUP_ID), Topics.IMAGES_RAW))
            .maxInFlight(config.getInt(IngestConfig.INGEST_MAX_IN_FLIGHT))
            .metrics(registry)
            .handleAsync(context, this::ingest);
        metrics.trackInFlight(this);
    }

    Future<Void> start() {
        return loop.start();
    }

    /** Commits what is finished and leaves the group; records still in flight are read again later. */
    Future<Void> stop() {
        return loop.stop(Duration.ZERO);
    }

    boolean running() {
        return loop.running();
    }

    int inFlight() {
        return loop.inFlight();
    }

    JsonObject status() {
        return new JsonObject().put("running", loop.running()).put("in_flight", loop.inFlight())
            .put("paused", loop.paused());
    }

    private Future<IntakeOutcome> ingest(ConsumerRecord<String, byte[]> record) {
        return intake.accept(incoming(record)).recover(failure -> {
            if (!loop.owns(record)) {
                // stopped or revoked: the record was not committed, so it is read again
                return Future.failedFuture(failure);
            }
            LOG.warn("No outcome recorded for {}-{} offset {}; trying again in {} ms: {}", record.topic(),
                record.partition(), record.offset(), RETRY_DELAY_MS, failure.toString());
            return vertx.timer(RETRY_DELAY_MS, TimeUnit.MILLISECONDS).compose(fired -> ingest(record));
        });
    }

    private static IncomingImage incoming(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        byte[] bytes = record.value() == null ? new byte[0] : record.value();
        return new IncomingImage(bytes, ImageRecord.text(headers, ImageHeaders.CAMERA_ID),
            ImageRecord.text(headers, ImageHeaders.CAPTURED_AT), IntakeSource.KAFKA);
    }
}
