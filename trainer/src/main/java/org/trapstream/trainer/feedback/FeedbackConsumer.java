package org.trapstream.trainer.feedback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.Reading;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.TrainerMetrics;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;

/**
 * Reads {@link Topics#FEEDBACK} into the {@link LabelStore} as a member of the trainer's consumer group, through
 * the {@link ConsumerLoop} the other roles use: it pauses at its in-flight limit and commits a partition only up
 * to its first record not yet stored, so a crash replays what was not committed. A replay only re-appends labels
 * the log already has (the last label still wins): no label is lost.
 *
 * <p>The records the loop hands over together (one poll) are checked and appended on the worker in one go, so
 * the log is forced to disk once per poll rather than once per label. Stores run one after the other, in the
 * order the records came: when storing fails (a full disk), it is tried again after a pause, and the records
 * behind it wait, so a later label for the same image can never be overtaken by an earlier one.
 */
public final class FeedbackConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackConsumer.class);
    private static final long RETRY_DELAY_MS = 2_000;
    /** Storing labels takes milliseconds: what is in hand at stop is stored and committed, not read again. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Context context;
    private final WorkerExecutor worker;
    private final FeedbackIntake intake;
    private final LabelStore labels;
    private final TrainerMetrics metrics;
    private final Runnable onNewLabels;
    private final ConsumerLoop loop;
    /** On the context: the records handed over since the last store was queued. */
    private List<Waiting> waiting = new ArrayList<>();
    /** On the context: the last store queued; the next one starts when it is over. */
    private Future<Void> lastStore = Future.succeededFuture();
    private volatile boolean storing = true;

    private record Waiting(ConsumerRecord<String, byte[]> record, Promise<Void> stored) {
    }

    /**
     * Reads as a member of {@link TrainerConfig#TRAINER_GROUP_ID}; handles records on {@code context} and
     * checks and appends them on {@code worker}.
     *
     * @param onNewLabels called on the context after labels were stored
     */
    public FeedbackConsumer(Context context, TrapstreamConfig config, String clientId, WorkerExecutor worker,
                            FeedbackIntake intake, LabelStore labels, TrainerMetrics metrics, Runnable onNewLabels) {
        this.context = context;
        this.worker = worker;
        this.intake = intake;
        this.labels = labels;
        this.metrics = metrics;
        this.onNewLabels = onNewLabels;
        this.loop = ConsumerLoop.builder(config, clientId,
                Reading.asMemberOf(config.getString(TrainerConfig.TRAINER_GROUP_ID), Topics.FEEDBACK))
            .handleAsync(context, this::handle);
    }

    /** Completes once the loop polls. */
    public Future<Void> start() {
        return loop.start();
    }

    /** Lets the labels in hand be stored, commits them, leaves the group and closes the consumer. */
    public Future<Void> stop() {
        return loop.stop(DRAIN);
    }

    /** False while feedback cannot be stored (e.g. disk full) or the loop died. */
    public boolean healthy() {
        return storing && loop.healthy();
    }

    /** On the context. A record is done once it is stored (or refused, which is counted). */
    private Future<Void> handle(ConsumerRecord<String, byte[]> record) {
        if (waiting.isEmpty()) {
            // Runs after the loop's hand-over of this poll: every record of it is waiting by then.
            context.runOnContext(ignored -> queueStore());
        }
        Promise<Void> stored = Promise.promise();
        waiting.add(new Waiting(record, stored));
        return stored.future();
    }

    private void queueStore() {
        List<Waiting> batch = waiting;
        waiting = new ArrayList<>();
        lastStore = lastStore.transform(previous -> store(batch));
    }

    private Future<Void> store(List<Waiting> batch) {
        return worker.executeBlocking(() -> checkAndAppend(batch))
            .onSuccess(stored -> {
                storing = true;
                batch.forEach(w -> w.stored().complete());
                if (stored > 0) {
                    onNewLabels.run();
                }
            })
            .<Void>mapEmpty()
            .recover(failure -> retry(batch, failure));
    }

    /** Tries the records again that are still this consumer's; the others are read again by their next owner. */
    private Future<Void> retry(List<Waiting> batch, Throwable failure) {
        storing = false;
        List<Waiting> owned = new ArrayList<>();
        for (Waiting w : batch) {
            if (loop.owns(w.record())) {
                owned.add(w);
            } else {
                w.stored().fail(failure);
            }
        }
        if (owned.isEmpty()) {
            return Future.succeededFuture();
        }
        LOG.warn("Feedback not stored, retrying {} records in {} ms", owned.size(), RETRY_DELAY_MS, failure);
        return context.owner().timer(RETRY_DELAY_MS, TimeUnit.MILLISECONDS).compose(fired -> store(owned));
    }

    /** Blocking: checks each record, appends the accepted ones and returns how many were stored. */
    private int checkAndAppend(List<Waiting> batch) {
        List<LabelRecord> accepted = new ArrayList<>();
        List<FeedbackRejection> rejected = new ArrayList<>();
        for (Waiting w : batch) {
            ConsumerRecord<String, byte[]> record = w.record();
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
        // Counted only once stored: records that fail and are tried again are not counted twice.
        metrics.feedbackAccepted(accepted.size());
        rejected.forEach(metrics::feedbackRejected);
        return accepted.size();
    }
}
