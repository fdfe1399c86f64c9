package org.trapstream.trainer.training;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.trainer.TrainerMetrics;
import org.trapstream.trainer.labels.LabelStore;

/**
 * Decides when to retrain and runs one {@link TrainingRun} at a time on the dedicated training thread. Runs on
 * the event loop: it is told when labels were stored, and checks the {@link RetrainPolicy} then and on a
 * timer. A promoted candidate is announced; an announcement that fails is retried on the next tick (the
 * registry already serves the version, so classifiers that restart pick it up meanwhile).
 *
 * <p>Labels are counted by label log position: those after the last run's snapshot are new. A run that fails,
 * or finds too few classes, still moves the mark to where the log stood when it started, so a broken run is
 * retried after more labels or one interval, not on every label.
 */
public final class RetrainScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainScheduler.class);
    private static final Duration MAX_TICK = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final WorkerExecutor trainingThread;
    private final TrainingRun run;
    private final RetrainPolicy policy;
    private final LabelStore labels;
    private final TrainerMetrics metrics;
    private final Function<ModelAnnouncement, Future<Void>> announcer;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Promise<Void> idle = Promise.promise();

    private long timer = -1;
    private boolean stopping;
    private volatile boolean training;
    private volatile long trainedPosition;
    private volatile Instant lastRunAt = Instant.now();
    private volatile RunResult lastResult;
    private volatile String servingVersion;
    private ModelAnnouncement unannounced;

    /**
     * @param trainedPosition label log position the serving model's data ended at (0 when none)
     * @param servingVersion  the promoted version at start, or null
     */
    public RetrainScheduler(Vertx vertx, WorkerExecutor trainingThread, TrainingRun run, RetrainPolicy policy,
                            LabelStore labels, TrainerMetrics metrics,
                            Function<ModelAnnouncement, Future<Void>> announcer, long trainedPosition,
                            String servingVersion) {
        this.vertx = vertx;
        this.trainingThread = trainingThread;
        this.run = run;
        this.policy = policy;
        this.labels = labels;
        this.metrics = metrics;
        this.announcer = announcer;
        this.trainedPosition = trainedPosition;
        this.servingVersion = servingVersion;
    }

    /**
     * Starts scheduling, and announces {@code promoted} (the registry's last promotion, or null) again: a trainer
     * that stopped between promoting on disk and announcing leaves the classifiers on the older version until
     * then. The record is the one promoted.json holds, so announcing it again changes nothing on the topic.
     */
    public void start(ModelAnnouncement promoted) {
        long tick = Math.max(100, Math.min(policy.interval().toMillis(), MAX_TICK.toMillis()));
        timer = vertx.setPeriodic(tick, t -> tick());
        if (promoted != null) {
            announce(promoted);
        }
        check();
    }

    /** New labels were stored. */
    public void labelsAdded() {
        check();
    }

    private void tick() {
        if (unannounced != null) {
            announce(unannounced);
        }
        check();
    }

    private void check() {
        if (stopping || training) {
            return;
        }
        long newLabels = labels.logPosition() - trainedPosition;
        if (policy.due(newLabels, Duration.between(lastRunAt, Instant.now()))) {
            launch(newLabels);
        }
    }

    private void launch(long newLabels) {
        training = true;
        long positionAtLaunch = labels.logPosition();
        Instant launchedAt = Instant.now();
        LOG.info("Retraining: {} new labels since the last run", newLabels);
        trainingThread.executeBlocking(() -> run.run(cancelled::get), false)
            .onComplete(done -> {
                training = false;
                lastRunAt = Instant.now();
                if (done.succeeded()) {
                    finished(done.result());
                } else if (done.cause() instanceof CancellationException) {
                    LOG.info("Training run cancelled: the trainer is stopping");
                } else if (done.cause() instanceof TrainingRun.NotEnoughLabelsException e) {
                    LOG.info("Not retraining yet: {}", e.getMessage());
                    trainedPosition = positionAtLaunch;
                } else {
                    LOG.error("Training run failed", done.cause());
                    trainedPosition = positionAtLaunch;
                    lastResult = new RunResult(RunOutcome.FAILED, null, String.valueOf(done.cause().getMessage()),
                        null, positionAtLaunch, Duration.between(launchedAt, lastRunAt), lastRunAt);
                    metrics.runFinished(RunOutcome.FAILED, lastResult.duration());
                }
                if (stopping) {
                    idle.tryComplete();
                } else {
                    check(); // labels may have piled up while training
                }
            });
    }

    private void finished(RunResult result) {
        trainedPosition = result.logPosition();
        lastResult = result;
        metrics.runFinished(result.outcome(), result.duration());
        if (result.announcement() != null) {
            servingVersion = result.version();
            announce(result.announcement());
        }
    }

    private void announce(ModelAnnouncement announcement) {
        unannounced = announcement;
        announcer.apply(announcement)
            .onSuccess(v -> {
                LOG.info("Announced model {} version {}", announcement.modelName(), announcement.version());
                if (unannounced == announcement) {
                    unannounced = null;
                }
            })
            .onFailure(e -> LOG.warn("Could not announce version {}, retrying: {}", announcement.version(),
                e.getMessage()));
    }

    /** Stops scheduling and cancels a run in progress at its next check; completes when no run is left. */
    public Future<Void> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        cancelled.set(true);
        if (!training) {
            idle.tryComplete();
        }
        return idle.future();
    }

    /** For the health check: safe to call from any thread. */
    public JsonObject status() {
        RunResult last = lastResult;
        return new JsonObject()
            .put("training", training)
            .put("new_labels", labels.logPosition() - trainedPosition)
            .put("current_version", servingVersion)
            .put("last_run", last == null ? null : last.toJson());
    }
}
