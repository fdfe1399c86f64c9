package org.trapstream.trainer;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.serving.NativeMemoryMetrics;
import org.trapstream.trainer.feedback.FeedbackRejection;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.training.RunOutcome;

/**
 * The trainer's meters: feedback taken or refused (by reason), training runs by outcome and how long they
 * took, and how many images have a label. Tag values are bounded enums, never image ids or labels.
 */
public final class TrainerMetrics {

    private static final String NO_REASON = "none";

    private final MeterRegistry registry;

    public TrainerMetrics(MeterRegistry registry, LabelStore labels) {
        this.registry = registry;
        Gauge.builder("camtrap.trainer.labels", labels, LabelStore::labelledImages)
            .description("Images with a label (the last label per image counts)")
            .register(registry);
        // registered up front so that increase() and rate() have a zero to start from: a first failed run counts
        for (RunOutcome outcome : RunOutcome.values()) {
            runs(outcome);
        }
        NativeMemoryMetrics.bindTo(registry);
    }

    public void feedbackAccepted(int count) {
        feedback("accepted", NO_REASON).increment(count);
    }

    public void feedbackRejected(FeedbackRejection reason) {
        feedback("rejected", reason.code()).increment();
    }

    private Counter feedback(String outcome, String reason) {
        return Metrics.counter(registry, "camtrap.trainer.feedback",
            "Feedback records read from the feedback topic, by outcome and rejection reason",
            "outcome", outcome, "reason", reason);
    }

    private Counter runs(RunOutcome outcome) {
        return Metrics.counter(registry, "camtrap.trainer.runs", "Training runs, by outcome", "outcome", outcome.code());
    }

    public void runFinished(RunOutcome outcome, Duration duration) {
        runs(outcome).increment();
        Timer.builder("camtrap.trainer.run.duration")
            .description("Wall time of a training run: snapshot, training, evaluation and promotion")
            .tag("outcome", outcome.code())
            .register(registry)
            .record(duration);
    }
}
