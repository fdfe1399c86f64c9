package org.trapstream.model.tune;

import java.util.Locale;

import io.vertx.core.json.JsonObject;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.train.LearningRatePolicy;
import org.trapstream.model.train.TrainingOptions;

/**
 * One configuration of the search: a learning rate and the seed CNN's hyperparameters.
 *
 * @param id 1-based, in the order the configurations were sampled
 */
public record Trial(int id, double learningRate, SeedCnn architecture) {

    public Trial {
        if (id < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("Invalid trial " + id + " with learning rate " + learningRate);
        }
    }

    /**
     * {@code base} with this configuration: the seed CNN at this learning rate, held constant (a cyclical
     * schedule would move the very rate being searched), for {@code epochs} epochs with {@code seed} for
     * shuffling and augmentation. Image size, batch size, augmentation, validation share, patience, class
     * weighting and sampling stay {@code base}'s.
     */
    public TrainingOptions trainingOptions(TrainingOptions base, int epochs, long seed) {
        return new TrainingOptions(architecture, base.imageSize(), epochs, base.batchSize(), learningRate, seed,
            base.validationFraction(), base.patience(), base.augmentation(), NetworkSpec.SEED_CNN,
            LearningRatePolicy.CONSTANT, base.classWeighting(), base.sampling());
    }

    /** A short form for tables: {@code lr=3.16e-03 dropout=0.25 blocks=3 filters=16 dense=64}. */
    public String describe() {
        return String.format(Locale.ROOT, "lr=%.2e dropout=%.2f blocks=%d filters=%d dense=%d", learningRate,
            architecture.dropout(), architecture.convBlocks(), architecture.baseFilters(), architecture.denseSize());
    }

    /** {@code {"trial", "learning_rate", "architecture": {...}}}, the architecture as a model's metadata has it. */
    public JsonObject toJson() {
        return new JsonObject()
            .put("trial", id)
            .put("learning_rate", learningRate)
            .put("architecture", architecture.toJson());
    }
}
