package org.trapstream.dashboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;

/**
 * Reads predictions, dead letters, review items and feedback into the dashboard's in-memory state.
 *
 * <p>Every dashboard instance must see every record, so each one joins a consumer group of its own, starts from
 * the earliest offsets (rebuilding its state after a restart) and never commits. Records are small JSON, except
 * dead letters, whose value (the rejected image) is not looked at: only their headers are.
 */
final class FeedConsumerVerticle extends VerticleBase {

    static final List<String> TOPICS = List.of(Topics.PREDICTIONS, Topics.IMAGES_REJECTED, Topics.REVIEW, Topics.FEEDBACK);

    private static final Logger LOG = LoggerFactory.getLogger(FeedConsumerVerticle.class);

    private final TrapstreamConfig config;
    private final MeterRegistry registry;
    private final PredictionView view;
    private final ReviewQueue reviewQueue;
    private final KnownLabels labels;
    private final Map<String, Counter> readByTopic = new HashMap<>();
    private final Map<String, Counter> malformedByTopic = new HashMap<>();
    private final AtomicInteger assignedPartitions = new AtomicInteger();
    private volatile boolean subscribed;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaClientMetrics kafkaMetrics;

    FeedConsumerVerticle(TrapstreamConfig config, MeterRegistry registry, PredictionView view, ReviewQueue reviewQueue,
                         KnownLabels labels) {
        this.config = config;
        this.registry = registry;
        this.view = view;
        this.reviewQueue = reviewQueue;
        this.labels = labels;
        for (String topic : TOPICS) {
            readByTopic.put(topic, recordCounter(topic, "ok"));
            malformedByTopic.put(topic, recordCounter(topic, "malformed"));
        }
    }

    private Counter recordCounter(String topic, String outcome) {
        return Counter.builder("camtrap.dashboard.records")
            .description("Records the dashboard read, by topic and whether it could use them")
            .tag("topic", topic)
            .tag("outcome", outcome)
            .register(registry);
    }

    @Override
    public Future<?> start() {
        String instanceId = "trapstream-dashboard-" + UUID.randomUUID();
        consumer = KafkaConsumer.create(vertx, KafkaClients.consumer(config, instanceId, instanceId));
        kafkaMetrics = new KafkaClientMetrics(consumer.unwrap());
        kafkaMetrics.bindTo(registry);
        consumer
            .partitionsAssignedHandler(partitions -> assignedPartitions.set(partitions.size()))
            .partitionsRevokedHandler(partitions -> assignedPartitions.set(0))
            .exceptionHandler(e -> LOG.warn("Dashboard consumer error: {}", e.toString()))
            .handler(this::apply);
        return consumer.subscribe(Set.copyOf(TOPICS))
            .onSuccess(v -> {
                subscribed = true;
                LOG.info("Dashboard reads {} as consumer group {}", TOPICS, instanceId);
            });
    }

    @Override
    public Future<?> stop() {
        subscribed = false;
        kafkaMetrics.close();
        return consumer.close();
    }

    boolean running() {
        return subscribed;
    }

    int assignedPartitions() {
        return assignedPartitions.get();
    }

    private void apply(KafkaConsumerRecord<String, byte[]> record) {
        try {
            switch (record.topic()) {
                case Topics.PREDICTIONS -> applyPrediction(record.value());
                case Topics.REVIEW -> applyReview(record.value());
                case Topics.IMAGES_REJECTED -> applyDeadLetter(record);
                case Topics.FEEDBACK -> applyFeedback(record.value());
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
        reviewQueue.predicted(prediction);
        prediction.topK().forEach(score -> labels.add(score.label()));
    }

    private void applyReview(byte[] value) {
        Prediction prediction = Prediction.fromJson(json(value));
        // An item made while no model served shows the image's prediction instead, if that was read first.
        reviewQueue.open(prediction.awaitsModel()
            ? view.prediction(prediction.imageId()).orElse(prediction) : prediction);
        prediction.topK().forEach(score -> labels.add(score.label()));
    }

    private void applyDeadLetter(KafkaConsumerRecord<String, byte[]> record) {
        DeadLetter letter = DeadLetter.fromKafka(record.record().headers(), null);
        // Bytes rejected before they were hashed have no id, so nobody can ask for them: counted, not kept.
        if (ImageIds.isValid(letter.imageId())) {
            view.recordRejection(letter.imageId(), letter.reason(), letter.detail());
        }
    }

    private void applyFeedback(byte[] value) {
        Feedback feedback = Feedback.fromJson(json(value));
        reviewQueue.labelled(feedback.imageId());
        labels.add(feedback.label());
    }

    private static JsonObject json(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("Record has no value");
        }
        return new JsonObject(Buffer.buffer(value));
    }
}
