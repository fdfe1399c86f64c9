package org.trapstream.trainer.training;

import java.time.Duration;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.trainer.TrainerConfig;

/**
 * When a new training run is due: after {@code minLabels} new labels, or once {@code interval} has passed
 * since the last run and at least one label arrived meanwhile (so a trickle of labels is not left unused).
 */
public record RetrainPolicy(int minLabels, Duration interval) {

    public static RetrainPolicy from(TrapstreamConfig config) {
        return new RetrainPolicy(config.getInt(TrainerConfig.RETRAIN_MIN_LABELS),
            config.getDuration(TrainerConfig.RETRAIN_INTERVAL));
    }

    public boolean due(long newLabels, Duration sinceLastRun) {
        return newLabels >= minLabels || (newLabels > 0 && sinceLastRun.compareTo(interval) >= 0);
    }
}
