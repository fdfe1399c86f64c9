package org.trapstream.model.tune;

import java.time.Duration;

import io.vertx.core.json.JsonObject;

/**
 * How a search runs; the training itself (image size, batch size, augmentation, seed, validation share) is
 * the {@link org.trapstream.model.train.TrainingOptions} the search starts from.
 *
 * @param trials configurations sampled for the first rung
 * @param budget wall-clock time after which no training run starts, decoding included
 */
public record TuneSettings(int trials, SuccessiveHalving schedule, Duration budget, SearchSpace space) {

    public TuneSettings {
        if (trials < 1) {
            throw new IllegalArgumentException("Need at least one trial: " + trials);
        }
    }

    JsonObject toJson() {
        return new JsonObject()
            .put("trials", trials)
            .put("eta", schedule.eta())
            .put("min_epochs", schedule.minEpochs())
            .put("budget_seconds", budget.toSeconds());
    }
}
