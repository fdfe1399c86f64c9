package org.trapstream.model.train;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.Augmentation;

/**
 * How to train a model.
 *
 * @param validationFraction share of each training class held out to pick the best epoch
 * @param patience           epochs without a lower validation loss before training stops
 * @param augmentation       applied to training images each epoch; {@code null} for none
 */
public record TrainingOptions(SeedCnn architecture, int imageSize, int epochs, int batchSize, double learningRate,
                              long seed, double validationFraction, int patience, Augmentation augmentation) {

    /** The trainer.* keys of the configuration, with the default seed CNN. */
    public static TrainingOptions from(TrapstreamConfig config) {
        return new TrainingOptions(
            SeedCnn.DEFAULT,
            config.getInt(TrapstreamConfig.TRAIN_IMAGE_SIZE),
            config.getInt(TrapstreamConfig.TRAIN_EPOCHS),
            config.getInt(TrapstreamConfig.TRAIN_BATCH_SIZE),
            config.getDouble(TrapstreamConfig.TRAIN_LEARNING_RATE),
            config.getLong(TrapstreamConfig.TRAIN_SEED),
            config.getInt(TrapstreamConfig.SPLIT_VALIDATION_PERCENT) / 100.0,
            config.getInt(TrapstreamConfig.TRAIN_PATIENCE),
            config.getBoolean(TrapstreamConfig.TRAIN_AUGMENT) ? Augmentation.STANDARD : null);
    }

    /** The architecture's hyperparameters together with these, for the model's metadata. */
    public JsonObject toJson() {
        return architecture.toJson()
            .put("input", new JsonObject().put("size", imageSize).put("channels", 3))
            .put("training", new JsonObject()
                .put("epochs", epochs)
                .put("batch_size", batchSize)
                .put("learning_rate", learningRate)
                .put("seed", seed)
                .put("validation_fraction", validationFraction)
                .put("early_stopping_patience", patience)
                .put("augmentation", augmentation == null ? null : augmentation.toJson()));
    }
}
