package org.trapstream.model.train;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.arch.Architecture;
import org.trapstream.model.arch.BuiltNetwork;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.Augmentation;

/**
 * How to train a model.
 *
 * @param architecture       the seed CNN's hyperparameters, used when {@code network} is the seed CNN
 * @param validationFraction share of each training class held out to pick the best epoch
 * @param patience           epochs without a lower validation loss before training stops
 * @param augmentation       applied to training images each epoch; {@code null} for none
 * @param network            which network to start from: the seed CNN or a zoo architecture, random or from a file
 * @param learningRatePolicy constant, or triangular cycles above {@code learningRate}
 * @param classWeighting     how the training loss weights each class
 */
public record TrainingOptions(SeedCnn architecture, int imageSize, int epochs, int batchSize, double learningRate,
                              long seed, double validationFraction, int patience, Augmentation augmentation,
                              NetworkSpec network, LearningRatePolicy learningRatePolicy,
                              ClassWeighting classWeighting) {

    public TrainingOptions {
        if (network == null || learningRatePolicy == null || classWeighting == null) {
            throw new IllegalArgumentException("Training options need a network, a learning-rate policy and a "
                + "class weighting");
        }
        if (learningRatePolicy.kind() == LearningRatePolicy.Kind.TRIANGULAR
            && !(learningRatePolicy.maxLearningRate() > learningRate)) {
            throw new IllegalArgumentException("A triangular schedule's maximum rate (trainer.lr.max "
                + learningRatePolicy.maxLearningRate() + ") must exceed its base rate (trainer.learning.rate "
                + learningRate + ")");
        }
    }

    /** The seed CNN at a constant learning rate with an unweighted loss. */
    public TrainingOptions(SeedCnn architecture, int imageSize, int epochs, int batchSize, double learningRate,
                           long seed, double validationFraction, int patience, Augmentation augmentation) {
        this(architecture, imageSize, epochs, batchSize, learningRate, seed, validationFraction, patience, augmentation,
            NetworkSpec.SEED_CNN, LearningRatePolicy.CONSTANT, ClassWeighting.NONE);
    }

    /** The trainer.* keys of the configuration, with the default seed CNN hyperparameters. */
    public static TrainingOptions from(TrapstreamConfig config) {
        LearningRatePolicy.Kind schedule = LearningRatePolicy.Kind.of(config.getString(TrainingSettings.TRAIN_LR_SCHEDULE));
        return new TrainingOptions(
            SeedCnn.DEFAULT,
            config.getInt(TrainingSettings.TRAIN_IMAGE_SIZE),
            config.getInt(TrainingSettings.TRAIN_EPOCHS),
            config.getInt(TrainingSettings.TRAIN_BATCH_SIZE),
            config.getDouble(TrainingSettings.TRAIN_LEARNING_RATE),
            config.getLong(TrainingSettings.TRAIN_SEED),
            config.getInt(TrainingSettings.SPLIT_VALIDATION_PERCENT) / 100.0,
            config.getInt(TrainingSettings.TRAIN_PATIENCE),
            config.getBoolean(TrainingSettings.TRAIN_AUGMENT) ? Augmentation.STANDARD : null,
            new NetworkSpec(Architecture.of(config.getString(TrainingSettings.TRAIN_ARCHITECTURE)), null, false),
            schedule == LearningRatePolicy.Kind.CONSTANT ? LearningRatePolicy.CONSTANT
                : LearningRatePolicy.triangular(config.getDouble(TrainingSettings.TRAIN_LR_MAX),
                    config.getDouble(TrainingSettings.TRAIN_LR_STEP_EPOCHS)),
            ClassWeighting.of(config.getString(TrainingSettings.TRAIN_CLASS_WEIGHTS)));
    }

    /** These options starting from another network (e.g. an operator's weights file). */
    public TrainingOptions withNetwork(NetworkSpec other) {
        return new TrainingOptions(architecture, imageSize, epochs, batchSize, learningRate, seed, validationFraction,
            patience, augmentation, other, learningRatePolicy, classWeighting);
    }

    /** A new network for these options' input size and seed, with {@code classes} outputs. */
    public BuiltNetwork newNetwork(int classes) {
        return network.build(architecture, imageSize, classes, learningRate, seed);
    }

    /** The seed CNN's hyperparameters together with these, for the model's metadata. */
    public JsonObject toJson() {
        return architecture.toJson()
            .put("input", new JsonObject().put("size", imageSize).put("channels", 3))
            .put("training", trainingJson());
    }

    /** These options alone, without the seed CNN's hyperparameters (for a network described elsewhere). */
    public JsonObject trainingJson() {
        return new JsonObject()
            .put("epochs", epochs)
            .put("batch_size", batchSize)
            .put("learning_rate", learningRate)
            .put("learning_rate_policy", learningRatePolicy.toJson())
            .put("class_weighting", classWeighting.code())
            .put("seed", seed)
            .put("validation_fraction", validationFraction)
            .put("early_stopping_patience", patience)
            .put("augmentation", augmentation == null ? null : augmentation.toJson());
    }
}
