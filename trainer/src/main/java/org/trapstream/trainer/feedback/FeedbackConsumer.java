package org.trapstream.trainer.feedback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.Topics;
import org.trapstream.trainer.TrainerMetrics;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;

/**
 * Reads {@link Topics#FEEDBACK} into the {@link LabelStore}, one polled batch at a time: check every record on
 * a worker, append the good ones (fsynced), then commit the batch's offsets. A crash before the commit replays
 * the batch, which only re-appends labels the log already has (the last label still wins), so no label is
 * lost. When storing fails the consumer rewinds to the batch and tries again after a pause.
 * Runs on the event loop; checking and appending run on the given worker.
 */
public final class FeedbackConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final long RETRY_DELAY_MS = 2_000;

    private final Vertx vertx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final WorkerExecutor worker;
    private final FeedbackIntake intake;
    private final LabelStore labels;
    private final TrainerMetrics metrics;
    private final Runnable onNewLabels;
    private final Promise<Void> stopped = Promise.promise();
    private volatile boolean stopping;
    private volatile boolean storing = true;

    /**
     * @param onNewLabels called on the event loop after labels were stored and their offsets committed
     */
    public FeedbackConsumer(Vertx vertx, KafkaConsumer<String, byte[]> consumer, WorkerExecutor worker,
                            FeedbackIntake intake, LabelStore labels, TrainerMetrics metrics, Runnable onNewLabels) {
        this.vertx = vertx;
        this.consumer = consumer;
        this.worker = worker;
        this.intake = intake;
        this.labels = labels;
        this.metrics = metrics;
        this.onNewLabels = onNewLabels;
    }

    /** Subscribes and starts the poll loop; completes once subscribed. */
    public Future<Void> start() {
        return consumer.subscribe(Topics.FEEDBACK).onSuccess(v -> pollNext());
    }

    /** Lets the batch in hand finish, then closes the consumer. */
    public Future<Void> stop() {
        stopping = true;
        return stopped.future().compose(v -> consumer.close());
    }

    /** False while feedback cannot be stored or committed (e.g. disk full, broker gone). */
    public boolean healthy() {
        return storing;
    }

    private void pollNext() {
        if (stopping) {
            stopped.tryComplete();
            return;
        }
        consumer.poll(POLL_TIMEOUT)
            .compose(this::handle)
            .onComplete(done -> {
                storing = done.succeeded();
                if (done.failed()) {
                    LOG.warn("Feedback batch not stored, retrying in {} ms", RETRY_DELAY_MS, done.cause());
                    vertx.setTimer(RETRY_DELAY_MS, t -> pollNext());
                } else {
                    pollNext();
                }
            });
    }

    private Future<Void> handle(KafkaConsumerRecords<String, byte[]> batch) {
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        // A failed commit needs no rewind: the labels are stored and the next batch's commit covers them.
        return worker.executeBlocking(() -> store(batch))
            .recover(failure -> rewind(batch).compose(v -> Future.failedFuture(failure)))
            .compose(stored -> consumer.commit().map(stored))
            .<Void>map(stored -> {
                if (stored > 0) {
                    onNewLabels.run();
                }
                return null;
            });
    }

    /** Blocking: checks each record, appends the accepted ones and returns how many were stored. */
    private int store(KafkaConsumerRecords<String, byte[]> batch) {
        List<LabelRecord> accepted = new ArrayList<>();
        List<FeedbackRejection> rejected = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            KafkaConsumerRecord<String, byte[]> record = batch.recordAt(i);
            FeedbackIntake.Outcome outcome = intake.check(record.value());
            if (outcome.isAccepted()) {
                accepted.add(outcome.label());
            } else {
                LOG.warn("Rejected feedback at {}-{}@{} ({}): {}", record.topic(), record.partition(),
                    record.offset(), outcome.rejection().code(), outcome.detail());
                rejected.add(outcome.rejection());
            }
        }
        labels.append(accepted);
        // Counted only once stored: a batch that fails and is replayed is not counted twice.
        metrics.feedbackAccepted(accepted.size());
        rejected.forEach(metrics::feedbackRejected);
        return accepted.size();
    }

    /** Moves each partition back to the batch's first offset so the batch is read again. */
    private Future<Void> rewind(KafkaConsumerRecords<String, byte[]> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            KafkaConsumerRecord<String, byte[]> record = batch.recordAt(i);
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        return Future.all(first.entrySet().stream().map(e -> consumer.seek(e.getKey(), e.getValue())).toList())
            .mapEmpty();
    }
}
