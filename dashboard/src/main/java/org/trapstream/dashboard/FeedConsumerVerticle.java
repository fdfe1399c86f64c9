package org.trapstream.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.Reading;
import org.trapstream.common.metrics.Metrics;

/**
 * Reads predictions, dead letters, review items, feedback and events into the dashboard's in-memory state, the
 * cameras' health included, and hands each prediction to the live stream's clients ({@link LiveRoutes}).
 *
 * <p>Every dashboard instance must see every record and rebuilds its state from Kafka at every start, so it
 * reads every partition of the five topics from the beginning, by assignment: it joins no consumer group (none
 * is left behind on the broker by each start) and commits nothing. Records are small JSON, except dead
 * letters, whose value (the rejected image) is not looked at: only their headers are. The image of every review
 * item is marked kept in the image store, so the store's retention never deletes an image a labeler may be asked
 * about.
 */
final class FeedConsumerVerticle extends VerticleBase {

    static final List<String> TOPICS = List.of(Topics.PREDICTIONS, Topics.IMAGES_REJECTED, Topics.REVIEW, Topics.FEEDBACK,
        Topics.EVENTS);

    private static final Logger LOG = LoggerFactory.getLogger(FeedConsumerVerticle.class);

    private final TrapstreamConfig config;
    private final MeterRegistry registry;
    private final PredictionView view;
    private final ReviewQueue reviewQueue;
    private final KnownLabels labels;
    private final StoredImages images;
    private final CameraTracker cameras;
    private final EventView events;
    private final Map<String, Counter> readByTopic = new HashMap<>();
    private final Map<String, Counter> malformedByTopic = new HashMap<>();
    private volatile ConsumerLoop loop;

    FeedConsumerVerticle(TrapstreamConfig config, MeterRegistry registry, PredictionView view, ReviewQueue reviewQueue,
                         KnownLabels labels, StoredImages images, CameraTracker cameras, EventView events) {
        this.config = config;
        this.registry = registry;
        this.view = view;
        this.reviewQueue = reviewQueue;
        this.labels = labels;
        this.images = images;
        this.cameras = cameras;
        this.events = events;
        for (String topic : TOPICS) {
            readByTopic.put(topic, recordCounter(topic, "ok"));
            malformedByTopic.put(topic, recordCounter(topic, "malformed"));
        }
    }

    private Counter recordCounter(String topic, String outcome) {
        return Metrics.counter(registry, "camtrap.dashboard.records",
            "Records the dashboard read, by topic and whether it could use them", "topic", topic, "outcome", outcome);
    }

    @Override
    public Future<?> start() {
        // Distinct per instance: Kafka and Micrometer tell the clients' metrics apart by it.
        String clientId = "trapstream-dashboard-" + UUID.randomUUID().toString().substring(0, 8);
        loop = ConsumerLoop.builder(config, clientId, Reading.everyPartitionOf(TOPICS))
            .metrics(registry)
            .handle(context, this::apply);
        return loop.start();
    }

    @Override
    public Future<?> stop() {
        return loop.stop(Duration.ZERO);
    }

    boolean running() {
        return loop.running();
    }

    int assignedPartitions() {
        return loop.partitions();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            switch (record.topic()) {
                case Topics.PREDICTIONS -> applyPrediction(record.value());
                case Topics.REVIEW -> applyReview(record.value());
                case Topics.IMAGES_REJECTED -> applyDeadLetter(record);
                case Topics.FEEDBACK -> applyFeedback(record.value());
                case Topics.EVENTS -> events.record(CaptureEvent.fromJson(json(record.value())));
                default -> throw new IllegalStateException("Not subscribed to " + record.topic());
            }
            readByTopic.get(record.topic()).increment();
        } catch (RuntimeException e) {
            // One bad record must not stop the view: count it, say where it is, and read on.
            malformedByTopic.get(record.topic()).increment();
            LOG.warn("Skipping malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                e.toString());
        }
    }

    private void applyPrediction(byte[] value) {
        Prediction prediction = Prediction.fromJson(json(value));
        view.recordPrediction(prediction);
        LiveRoutes.publish(vertx, prediction);
        reviewQueue.predicted(prediction);
        cameras.predicted(prediction);
        prediction.topK().forEach(score -> labels.add(score.label()));
    }

    private void applyReview(byte[] value) {
        Prediction prediction = Prediction.fromJson(json(value));
        // An item made while no model served shows the image's prediction instead, if that was read first.
        reviewQueue.open(prediction.awaitsModel()
            ? view.prediction(prediction.imageId()).orElse(prediction) : prediction);
        prediction.topK().forEach(score -> labels.add(score.label()));
        // Every review item ever read is marked, at each start too: one a labeler may still open stays on disk.
        if (ImageIds.isValid(prediction.imageId())) {
            images.keep(prediction.imageId()).onFailure(e -> LOG.warn("Cannot keep image {} of a review item: {}",
                prediction.imageId(), e.toString()));
        }
    }

    private void applyDeadLetter(ConsumerRecord<String, byte[]> record) {
        DeadLetter letter = DeadLetter.fromKafka(record.headers(), null);
        // Bytes rejected before they were hashed have no id, so nobody can ask for them: counted, not kept.
        if (ImageIds.isValid(letter.imageId())) {
            view.recordRejection(letter.imageId(), letter.reason(), letter.detail());
        }
        cameras.deadLettered(letter.cameraId(), letter.reason(),
            letter.rejectedAt() != null ? letter.rejectedAt() : Instant.ofEpochMilli(record.timestamp()));
    }

    private void applyFeedback(byte[] value) {
        Feedback feedback = Feedback.fromJson(json(value));
        if (feedback.isRetraction()) {
            reviewQueue.retracted(feedback.imageId());
            return;
        }
        reviewQueue.labelled(feedback.imageId());
        labels.add(feedback.label());
        feedback.species().forEach(species -> labels.add(species.label()));
    }

    private static JsonObject json(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("Record has no value");
        }
        return new JsonObject(Buffer.buffer(value));
    }
}
