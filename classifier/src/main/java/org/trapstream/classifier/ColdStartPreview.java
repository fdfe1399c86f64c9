package org.trapstream.classifier;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.Reading;

/**
 * While no model serves (a fresh installation), shows labelers the images that wait: each image on
 * {@link Topics#IMAGES} becomes a review item without a label ({@link Prediction#awaitingModel}), so the labels
 * the first model is trained from can be given at all.
 *
 * <p>It only looks, so that the consumer group stays exactly where it was: it reads every partition from the
 * group's committed offsets without joining the group ({@link Reading#everyPartitionWhereGroupIs}) and never
 * commits. Once a model serves, the {@link ClassifierVerticle} undeploys this preview and deploys the
 * {@link ImageConsumer}, which starts from those same offsets, so every image previewed here is then classified
 * like any other: none is skipped. Joining the group instead would hold its partitions without being able to
 * finish an image, and keep them from instances that have a model.
 *
 * <p>Memory stays bounded as in the consumer: at most {@code classifier.max.in.flight} records wait for Kafka's
 * acknowledgement of their review item; beyond that the partitions are paused, so a producer that backs up
 * slows the reading.
 */
final class ColdStartPreview extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ColdStartPreview.class);

    private final ClassifierParts parts;
    private final AtomicLong previewed = new AtomicLong();
    private Publisher publisher;
    private volatile ConsumerLoop loop;

    ColdStartPreview(ClassifierParts parts) {
        this.parts = parts;
    }

    @Override
    public Future<?> start() {
        return Publisher.open(vertx, parts.config(), parts.clientId("preview-producer"), parts.registry())
            .compose(opened -> {
                publisher = opened;
                loop = ConsumerLoop.builder(parts.config(), parts.clientId("preview"),
                        Reading.everyPartitionWhereGroupIs(parts.settings().groupId(), Topics.IMAGES))
                    .maxInFlight(parts.settings().maxInFlight())
                    .handleAsync(context, this::preview);
                parts.metrics().coldStartPreviews(this);
                return loop.start();
            })
            .onSuccess(started -> LOG.info("No model serves yet: {} goes up for review without a label until a "
                + "model is promoted", Topics.IMAGES))
            .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    /** Stops reading; review items already handed over still get published. */
    @Override
    public Future<?> stop() {
        Future<?> stopped = loop == null ? Future.succeededFuture() : loop.stop(Duration.ZERO);
        return stopped.eventually(() -> publisher == null ? Future.succeededFuture() : publisher.close());
    }

    /** Review items acknowledged by Kafka so far. */
    long previewed() {
        return previewed.get();
    }

    /** False once its loop died; see the log. */
    boolean healthy() {
        ConsumerLoop reading = loop;
        return reading == null || reading.healthy();
    }

    private Future<?> preview(ConsumerRecord<String, byte[]> record) {
        return reviewItem(record)
            .map(item -> publisher.review(item).onSuccess(published -> previewed.incrementAndGet()))
            .orElse(Future.succeededFuture());
    }

    /** A record without ingest's headers is not shown; the group's consumer dead-letters it later. */
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
}
