package org.trapstream.model.train;

import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.nd4j.linalg.schedule.ISchedule;
import org.trapstream.common.contract.EnumCodes;

/**
 * How the learning rate moves during training ({@code trainer.lr.schedule}): held at the base rate, or
 * {@link CyclicalSchedule triangular} cycles between the base rate and {@code maxLearningRate}.
 *
 * @param maxLearningRate the triangular schedule's upper rate (unused when constant)
 * @param stepEpochs      half a triangular cycle, in epochs; turned into iterations once the batches per epoch are known
 */
public record LearningRatePolicy(Kind kind, double maxLearningRate, double stepEpochs) {

    public enum Kind {
        CONSTANT, TRIANGULAR;

        public String code() {
            return EnumCodes.of(this);
        }

        public static Kind of(String code) {
            return EnumCodes.parse(Kind.class, code, "learning-rate schedule");
        }
    }

    public static final LearningRatePolicy CONSTANT = new LearningRatePolicy(Kind.CONSTANT, Double.NaN, Double.NaN);

    public LearningRatePolicy {
        if (kind == Kind.TRIANGULAR && (!(maxLearningRate > 0) || !(stepEpochs > 0))) {
            throw new IllegalArgumentException("A triangular schedule needs a positive maximum rate and step, got "
                + maxLearningRate + " and " + stepEpochs);
        }
    }

    public static LearningRatePolicy triangular(double maxLearningRate, double stepEpochs) {
        return new LearningRatePolicy(Kind.TRIANGULAR, maxLearningRate, stepEpochs);
    }

    /**
     * The schedule to put the network on, or empty to leave its updater's own constant rate alone.
     *
     * @throws IllegalArgumentException when a triangular schedule's maximum is below the base rate
     */
    public Optional<ISchedule> schedule(double baseLearningRate, int batchesPerEpoch) {
        if (kind == Kind.CONSTANT) {
            return Optional.empty();
        }
        int stepSize = (int) Math.max(1, Math.round(stepEpochs * batchesPerEpoch));
        return Optional.of(new CyclicalSchedule(baseLearningRate, maxLearningRate, stepSize));
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("schedule", kind.code());
        if (kind == Kind.TRIANGULAR) {
            json.put("max_learning_rate", maxLearningRate).put("step_epochs", stepEpochs);
        }
        return json;
    }
}
