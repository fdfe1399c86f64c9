package org.trapstream.events;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.Reading;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.role.RoleContext;
import org.trapstream.events.EventsMetrics.Skipped;
import org.trapstream.events.SequenceGrouper.Frame;
import org.trapstream.events.SequenceGrouper.Outcome;
import org.trapstream.events.SequenceGrouper.Sequence;

/**
 * Reads every prediction, groups each camera's frames into sequences ({@link SequenceGrouper}) and publishes one
 * {@link CaptureEvent} per closed sequence on {@link Topics#EVENTS}.
 *
 * <p>Why every partition in one place: predictions are keyed by image id, so a camera's frames are spread over all
 * partitions of {@link Topics#PREDICTIONS}, and only a reader that sees all of them sees whole sequences. It reads
 * them by assignment ({@link Reading#everyPartitionCommittingAs}) and runs as one instance (the Kubernetes
 * deployment has one replica and recreates rather than rolls).
 *
 * <p>Why a restart loses nothing: a prediction counts as done only once the event that holds it is acknowledged by
 * Kafka, or once it is known to be in no event (dropped as late, a repeat, unreadable, without capture time). The
 * {@link ConsumerLoop} commits, per partition, only up to the first prediction not done, so the committed offsets
 * stay below the oldest open sequence, and a restart reads the open sequences' frames again and rebuilds them. At
 * least once: an event whose publication and commit a crash separated is published again with the same id (the first
 * frame's), and the compacted topic and the dashboard keep one copy per id.
 *
 * <p>Grouping is a few map operations per prediction, so it runs on the event loop; the producer's sends are
 * vertx-kafka-client's, off the event loop. The idle close runs on a timer.
 */
final class EventsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(EventsVerticle.class);
    private static final String CLIENT_ID = "trapstream-events";
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    /** What in-flight publications may still finish in when the role stops; open sequences are left to the replay. */
    private static final Duration STOP_DRAIN = Duration.ofSeconds(2);

    private final RoleContext role;
    private final Clock clock;
    private final SequenceGrouper<Pending> grouper;
    private final EventsMetrics metrics;
    private KafkaProducer<String, byte[]> producer;
    private ConsumerLoop loop;
    private long idleTimer = -1;
    private volatile boolean stopping;

    /** A frame's prediction and what completes its record once its event is published. */
    private record Pending(Prediction prediction, Promise<Void> done) {}

    EventsVerticle(RoleContext role, Clock clock) {
        this.role = role;
        this.clock = clock;
        this.grouper = new SequenceGrouper<>(EventsConfig.grouping(role.config()));
        this.metrics = new EventsMetrics(role.registry(), grouper::openFrames);
    }

    @Override
    public Future<?> start() {
        TrapstreamConfig config = role.config();
        return vertx.executeBlocking(() -> {
            TopicAdmin.ensureTopics(config);
            return null;
        }).compose(v -> {
            producer = KafkaProducer.create(vertx, KafkaClients.producer(config, CLIENT_ID + "-publisher"));
            loop = ConsumerLoop.builder(config, CLIENT_ID,
                    Reading.everyPartitionCommittingAs(config.getString(EventsConfig.EVENTS_GROUP_ID), Topics.PREDICTIONS))
                .maxInFlight(config.getInt(EventsConfig.MAX_OPEN_FRAMES))
                .metrics(role.registry())
                .handleAsync(context, this::take);
            return loop.start();
        }).onSuccess(v -> {
            Duration idle = config.getDuration(EventsConfig.IDLE_CLOSE);
            long period = Math.max(100, Math.min(1000, idle.toMillis() / 10));
            idleTimer = vertx.setPeriodic(period, id -> publish(grouper.closeIdle(clock.instant())));
            role.health().register("events", () -> new JsonObject()
                .put("up", loop.healthy())
                .put("partitions", loop.partitions())
                .put("open_frames", grouper.openFrames())
                .put("cameras", grouper.cameras()));
        }).recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        Future<Void> stopped = loop == null ? Future.succeededFuture() : loop.stop(STOP_DRAIN);
        return stopped.eventually(() -> producer == null ? Future.succeededFuture() : producer.close());
    }

    /** Completes once the prediction is in a published event, or known to be in none. */
    private Future<Void> take(ConsumerRecord<String, byte[]> record) {
        Prediction prediction;
        try {
            prediction = Prediction.fromJson(new JsonObject(Buffer.buffer(record.value())));
        } catch (RuntimeException e) {
            // The prediction stays where it is; it just cannot be in an event. Count it, say where it is, read on.
            metrics.skipped(Skipped.MALFORMED);
            LOG.warn("Skipping unreadable prediction {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                e.toString());
            return Future.succeededFuture();
        }
        if (prediction.capturedAt() == null || prediction.cameraId() == null) {
            metrics.skipped(Skipped.NO_CAPTURE_TIME);
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        Outcome<Pending> outcome = grouper.add(prediction.cameraId(),
            new Frame<>(prediction.imageId(), prediction.capturedAt(), new Pending(prediction, done)), clock.instant());
        metrics.placed(outcome.placement());
        switch (outcome.placement()) {
            case LATE_DROPPED, DUPLICATE -> done.complete();
            default -> { }
        }
        publish(outcome.closed());
        return done.future();
    }

    private void publish(List<Sequence<Pending>> sequences) {
        for (Sequence<Pending> sequence : sequences) {
            Sequence<Prediction> predictions = new Sequence<>(sequence.cameraId(), sequence.frames().stream()
                .map(frame -> new Frame<>(frame.imageId(), frame.capturedAt(), frame.item().prediction())).toList(),
                sequence.closedBy());
            CaptureEvent event = EventSummary.of(predictions);
            send(KafkaProducerRecord.create(Topics.EVENTS, event.eventId(), event.toJson().toBuffer().getBytes()))
                .onSuccess(v -> {
                    metrics.published(event);
                    sequence.frames().forEach(frame -> frame.item().done().complete());
                })
                .onFailure(e -> sequence.frames().forEach(frame -> frame.item().done().fail(e)));
        }
    }

    /** Sends until Kafka acknowledges (the producer retries within its delivery timeout, this beyond it) or the role stops. */
    private Future<Void> send(KafkaProducerRecord<String, byte[]> record) {
        return producer.send(record).<Void>mapEmpty().recover(failure -> {
            if (stopping) {
                return Future.failedFuture(failure);
            }
            LOG.warn("Publishing event {} failed ({}); retrying in {} ms", record.key(), failure.toString(),
                RETRY_PAUSE.toMillis());
            return vertx.timer(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS).compose(ignored -> send(record));
        });
    }
}
