package org.trapstream.ingest;

import java.io.UncheckedIOException;
import java.time.Instant;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.image.store.ImageStore;

/**
 * The one pipeline behind both ways in (HTTP and the raw topic): hash, validate, de-duplicate, store, then
 * publish the image to {@code camtrap.images} or a dead letter to {@code camtrap.images.rejected}. The image is
 * stored before it is published, so a record that refers to the store never names an image not yet there.
 *
 * <p>The returned future completes only once Kafka acknowledged the outcome, so a caller may answer the
 * camera or commit the raw offset; it fails when Kafka did not, and then nothing may be promised. Hashing,
 * probing and disk I/O run on the ingest worker pool; the event loop only hands results on.
 *
 * <p>Two copies of one image arriving at the same moment may both be published: the store's published marker
 * is written after the acknowledgement. Downstream is keyed by image id and at-least-once anyway.
 */
final class ImageIntake {

    static final String REJECTED_BY = "ingest";
    private static final Logger LOG = LoggerFactory.getLogger(ImageIntake.class);

    private final WorkerExecutor workers;
    private final KafkaProducer<String, byte[]> producer;
    private final ImageValidator validator;
    private final ImageStore store;
    private final IngestMetrics metrics;

    ImageIntake(WorkerExecutor workers, KafkaProducer<String, byte[]> producer, ImageValidator validator,
                ImageStore store, IngestMetrics metrics) {
        this.workers = workers;
        this.producer = producer;
        this.validator = validator;
        this.store = store;
        this.metrics = metrics;
    }

    Future<IntakeOutcome> accept(IncomingImage image) {
        long started = System.nanoTime();
        // unordered: images are independent, so the whole pool may work at once
        return workers.executeBlocking(() -> check(image), false)
            .compose(this::publish)
            .andThen(result -> {
                if (result.succeeded()) {
                    metrics.record(image.source(), result.result(), image.bytes().length, System.nanoTime() - started);
                } else {
                    metrics.failed(image.source());
                }
            });
    }

    /** On a worker: everything up to the decision, including storing an image that will be published. */
    private IntakeOutcome check(IncomingImage image) {
        String imageId = ImageIds.of(image.bytes());
        Instant receivedAt = Instant.now();
        try {
            ImageRecord record = validator.validate(imageId, image, receivedAt);
            if (store.isPublished(imageId)) {
                return new IntakeOutcome.Duplicate(imageId);
            }
            store.put(imageId, image.bytes());
            return new IntakeOutcome.Accepted(record);
        } catch (ImageRejectedException e) {
            String cameraId = CameraId.isValid(image.cameraId()) ? image.cameraId() : null;
            return new IntakeOutcome.Rejected(DeadLetter.rejectedBody(cameraId, e.reason(), e.detail(),
                REJECTED_BY, image.source().origin(), receivedAt, image.bytes()));
        }
    }

    private Future<IntakeOutcome> publish(IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            return send(accepted.image().toProducerRecord())
                .compose(v -> workers.executeBlocking(() -> markPublished(accepted.imageId()), false))
                .map(outcome);
        }
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            return send(rejected.letter().toProducerRecord()).map(outcome);
        }
        return Future.succeededFuture(outcome);
    }

    private Future<Void> send(ProducerRecord<String, byte[]> record) {
        return producer.asStream().send(record).mapEmpty();
    }

    private Void markPublished(String imageId) {
        try {
            store.markPublished(imageId);
        } catch (UncheckedIOException e) {
            // Kafka has the image, so it is accepted; without the marker a re-sent copy is merely published twice.
            LOG.warn("Image {} is published but its marker could not be written: {}", imageId, e.getMessage());
        }
        return null;
    }
}
