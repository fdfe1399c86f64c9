package org.trapstream.model.train;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.arch.Architecture;
import org.trapstream.model.arch.BuiltNetwork;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.Augmentation;
import org.trapstream.model.data.ColourJitter;
import org.trapstream.model.data.ResizedCrop;
import org.trapstream.model.data.Sampling;

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
 * @param sampling           which training images each epoch feeds, in which order
 */
public record TrainingOptions(SeedCnn architecture, int imageSize, int epochs, int batchSize, double learningRate,
                              long seed, double validationFraction, int patience, Augmentation augmentation,
                              NetworkSpec network, LearningRatePolicy learningRatePolicy,
                              ClassWeighting classWeighting, Sampling sampling) {

    public TrainingOptions {
        if (network == null || learningRatePolicy == null || classWeighting == null || sampling == null) {
            throw new IllegalArgumentException("Training options need a network, a learning-rate policy, a "
                + "class weighting and a sampling");
        }
        if (learningRatePolicy.kind() == LearningRatePolicy.Kind.TRIANGULAR
            && !(learningRatePolicy.maxLearningRate() > learningRate)) {
            throw new IllegalArgumentException("A triangular schedule's maximum rate (trainer.lr.max "
                + learningRatePolicy.maxLearningRate() + ") must exceed its base rate (trainer.learning.rate "
                + learningRate + ")");
        }
    }

    /** The seed CNN at a constant learning rate with an unweighted loss, each image once an epoch. */
    public TrainingOptions(SeedCnn architecture, int imageSize, int epochs, int batchSize, double learningRate,
                           long seed, double validationFraction, int patience, Augmentation augmentation) {
        this(architecture, imageSize, epochs, batchSize, learningRate, seed, validationFraction, patience, augmentation,
            NetworkSpec.SEED_CNN, LearningRatePolicy.CONSTANT, ClassWeighting.NONE, Sampling.SHUFFLE);
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
            augmentation(config),
            new NetworkSpec(Architecture.of(config.getString(TrainingSettings.TRAIN_ARCHITECTURE)), null, false),
            schedule == LearningRatePolicy.Kind.CONSTANT ? LearningRatePolicy.CONSTANT
                : LearningRatePolicy.triangular(config.getDouble(TrainingSettings.TRAIN_LR_MAX),
                    config.getDouble(TrainingSettings.TRAIN_LR_STEP_EPOCHS)),
            ClassWeighting.of(config.getString(TrainingSettings.TRAIN_CLASS_WEIGHTS)),
            Sampling.of(config.getString(TrainingSettings.TRAIN_SAMPLING)));
    }

    /**
     * The standard changes when trainer.augment is on, with the site measures the trainer.augment.* keys ask for;
     * {@code null} when nothing changes an image.
     */
    private static Augmentation augmentation(TrapstreamConfig config) {
        double[] scale = range(config, TrainingSettings.CROP_SCALE_MIN, TrainingSettings.CROP_SCALE_MAX);
        double[] aspect = range(config, TrainingSettings.CROP_ASPECT_MIN, TrainingSettings.CROP_ASPECT_MAX);
        ResizedCrop crop = scale[0] < 1 ? new ResizedCrop(scale[0], scale[1], aspect[0], aspect[1]) : null;
        ColourJitter colour = new ColourJitter(config.getDouble(TrainingSettings.COLOUR_BRIGHTNESS),
            config.getDouble(TrainingSettings.COLOUR_CONTRAST), config.getDouble(TrainingSettings.COLOUR_SATURATION),
            config.getDouble(TrainingSettings.COLOUR_HUE));
        Augmentation augmentation = (config.getBoolean(TrainingSettings.TRAIN_AUGMENT) ? Augmentation.STANDARD
            : Augmentation.NONE).with(crop, colour.changesImages() ? colour : null,
            config.getDouble(TrainingSettings.GREYSCALE_PROBABILITY));
        return augmentation.changesImages() ? augmentation : null;
    }

    /** The values of two keys that bound a range, {@code {min, max}}; an inverted range names both keys. */
    private static double[] range(TrapstreamConfig config, String minKey, String maxKey) {
        double min = config.getDouble(minKey);
        double max = config.getDouble(maxKey);
        if (min > max) {
            throw new IllegalArgumentException(minKey + " (" + min + ") must not exceed " + maxKey + " (" + max + ")");
        }
        return new double[] {min, max};
    }

    /** These options starting from another network (e.g. an operator's weights file). */
    public TrainingOptions withNetwork(NetworkSpec other) {
        return new TrainingOptions(architecture, imageSize, epochs, batchSize, learningRate, seed, validationFraction,
            patience, augmentation, other, learningRatePolicy, classWeighting, sampling);
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
            .put("sampling", sampling.code())
            .put("seed", seed)
            .put("validation_fraction", validationFraction)
            .put("early_stopping_patience", patience)
            .put("augmentation", augmentation == null ? null : augmentation.toJson());
    }
}
