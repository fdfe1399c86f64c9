package org.trapstream.model.train;

import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What {@link Trainer#fit} did: the network it was given now holds the weights of {@code bestEpoch}.
 *
 * @param history                one object per epoch: epoch, train_loss, val_loss, val_accuracy, lr (the mean
 *                               rate of the epoch's steps), seconds; unknown scores are null
 * @param bestValidationLoss     mean cross-entropy of the kept epoch on the validation images, NaN without any
 * @param bestValidationAccuracy its top-1 accuracy, NaN without validation images
 * @param classWeights           the loss weight of each label, empty when the loss was unweighted
 */
public record FitResult(JsonArray history, int bestEpoch, double bestValidationLoss, double bestValidationAccuracy,
                        Map<String, Double> classWeights) {

    public FitResult {
        history = history.copy();
        classWeights = Map.copyOf(classWeights);
    }

    /** {@code {label: weight}} for the metadata; empty when the loss was unweighted. */
    public JsonObject classWeightsJson() {
        JsonObject json = new JsonObject();
        classWeights.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(entry -> json.put(entry.getKey(), entry.getValue()));
        return json;
    }

    /** Seconds spent fitting and validating, summed over the epochs of the history. */
    public double seconds() {
        return history.stream().map(JsonObject.class::cast).mapToDouble(epoch -> epoch.getDouble("seconds", 0.0)).sum();
    }

    /** Mean seconds of an epoch, 0 before any. */
    public double secondsPerEpoch() {
        return seconds() / Math.max(1, history.size());
    }
}
