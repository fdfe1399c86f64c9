package org.trapstream.classifier;

import java.time.Duration;
import java.time.Instant;

import io.vertx.core.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.image.ImageRejectedException;

/**
 * The way of one consumed image, composed of futures: parse, read and decode (worker pool), batch and infer (inference
 * threads), build the prediction, wait for its turn in the partition, publish, and once Kafka acknowledged
 * the outcome, the record is done. An image that cannot be classified becomes a dead letter, which finishes
 * its record just as well, so one bad image never holds up its partition.
 *
 * <p>Runs on the {@link ImageConsumer}'s event loop: it only moves futures along, every step that costs time
 * runs elsewhere.
 */
final class ClassifierPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierPipeline.class);
    private static final String REJECTED_BY = "classifier";

    private final DecodeStage decode;
    private final InferencePool inference;
    private final PredictionBuilder predictions;
    private final Publisher publisher;
    private final ClassifierMetrics metrics;
    private final PartitionOrder order = new PartitionOrder();

    ClassifierPipeline(DecodeStage decode, InferencePool inference, PredictionBuilder predictions,
                       Publisher publisher, ClassifierMetrics metrics) {
        this.decode = decode;
        this.inference = inference;
        this.predictions = predictions;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Classifies one consumed record; completes once Kafka acknowledged its outcome, and fails when the image
     * is left unfinished (the classifier is shutting down), so that its offset is not committed.
     */
    Future<Void> process(ConsumerRecord<String, byte[]> record) {
        long consumedAt = System.nanoTime();
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        return order.inTurn(partition, classify(record, consumedAt))
            .compose(outcome -> publisher.publish(outcome).map(outcome))
            .onSuccess(this::acknowledged)
            .onFailure(e -> LOG.warn("Image at {}@{} left unfinished ({}): its offset stays uncommitted, so it is "
                + "classified again after a restart", partition, record.offset(), e.toString()))
            .mapEmpty();
    }

    private Future<Outcome> classify(ConsumerRecord<String, byte[]> record, long consumedAt) {
        ImageRecord image;
        try {
            image = ImageRecord.fromKafka(record.headers(), record.value());
        } catch (RuntimeException e) {
            return Future.succeededFuture(malformed(record, e));
        }
        inference.expect();
        return decode.prepare(image)
            .onFailure(e -> inference.calledOff())
            .compose(inference::submit)
            .<Outcome>map(scores -> new Outcome.Predicted(predictions.build(image, scores, consumedAt),
                image.receivedAt()))
            .recover(failure -> unclassifiable(image, failure));
    }

    /**
     * Bad bytes and model failures become dead letters. Anything else (the classifier is shutting down) leaves
     * the image unfinished: its offset is not committed and the partition's next owner classifies it.
     */
    private static Future<Outcome> unclassifiable(ImageRecord image, Throwable failure) {
        if (failure instanceof ImageRejectedException rejected) {
            return Future.succeededFuture(deadLetter(image, rejected.reason(), rejected.detail()));
        }
        if (failure instanceof InferenceWorker.InferenceFailedException) {
            return Future.succeededFuture(deadLetter(image, RejectReason.INFERENCE_FAILED, failure.getMessage()));
        }
        return Future.failedFuture(failure);
    }

    /** A record without the headers ingest puts on every image (someone wrote to the topic directly). */
    private static Outcome malformed(ConsumerRecord<String, byte[]> record, RuntimeException problem) {
        byte[] bytes = record.value() == null ? new byte[0] : record.value();
        String id = ImageRecord.text(record.headers(), ImageHeaders.IMAGE_ID);
        String camera = ImageRecord.text(record.headers(), ImageHeaders.CAMERA_ID);
        RejectReason reason = camera == null ? RejectReason.MISSING_CAMERA_ID : RejectReason.CORRUPT;
        return deadLetter(ImageIds.isValid(id) ? id : ImageIds.of(bytes), camera, reason,
            "malformed image record: " + problem.getMessage(), ImagePayload.INLINE, bytes);
    }

    /** The letter carries the image as the record did: its bytes, or the reference to the store. */
    private static Outcome deadLetter(ImageRecord image, RejectReason reason, String detail) {
        return deadLetter(image.imageId(), image.cameraId(), reason, detail, image.payload(), image.value());
    }

    private static Outcome deadLetter(String imageId, String cameraId, RejectReason reason, String detail,
                                      ImagePayload payload, byte[] bytes) {
        return new Outcome.Rejected(new DeadLetter(imageId, cameraId, reason, detail, REJECTED_BY, Topics.IMAGES,
            Instant.now(), payload, bytes));
    }

    private void acknowledged(Outcome outcome) {
        if (outcome instanceof Outcome.Predicted predicted) {
            metrics.predicted(predicted.prediction(), Duration.between(predicted.receivedAt(), Instant.now()));
        } else {
            DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
            LOG.info("Image {} dead-lettered: {} ({})", letter.imageId(), letter.reason().code(), letter.detail());
            metrics.deadLettered(letter.reason().code());
        }
    }
}
