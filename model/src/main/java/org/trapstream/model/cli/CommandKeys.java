package org.trapstream.model.cli;

import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.serving.InferenceSettings;

import static org.trapstream.model.train.TrainingSettings.TRAIN_ARCHITECTURE;
import static org.trapstream.model.train.TrainingSettings.TRAIN_BATCH_SIZE;
import static org.trapstream.model.train.TrainingSettings.TRAIN_IMAGE_SIZE;
import static org.trapstream.serving.InferenceSettings.BATCH_MAX_SIZE;

/** The keys the model commands read, composed from the shared definitions the roles compose too. */
final class CommandKeys {

    /** The model registry in the data dir. */
    static final ConfigDef REGISTRY = GeneralSettings.DEFINITION;

    /** The registry, and the broker that a promotion is announced on. */
    static final ConfigDef ANNOUNCING = ConfigDef.compose(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION);

    /** What training reads: the trainer's training keys, and the images it may decode. */
    static final ConfigDef TRAINING = ConfigDef.compose(GeneralSettings.DEFINITION, ImageSettings.DEFINITION,
        TrainingSettings.DEFINITION);

    /** What classifying files reads: the classifier's batching and ranking, and the images it may decode. */
    static final ConfigDef CLASSIFYING = ConfigDef.compose(GeneralSettings.DEFINITION, ImageSettings.DEFINITION,
        InferenceSettings.DEFINITION);

    /** The context of a command that trains, with the input size, which every one takes as {@code --image-size}. */
    static CommandContext training() {
        return CommandContext.reading(TRAINING).alias("--image-size", TRAIN_IMAGE_SIZE, "PX");
    }

    /**
     * The context of a command that trains the network {@code train} would, with its network and batch size as
     * {@code --architecture} and {@code --batch-size} too.
     */
    static CommandContext trainingANetwork() {
        return training()
            .alias("--batch-size", TRAIN_BATCH_SIZE, "N")
            .alias("--architecture", TRAIN_ARCHITECTURE, "NAME");
    }

    /** The context of a command that classifies files, with its batch size as {@code --batch-size}. */
    static CommandContext classifying() {
        return CommandContext.reading(CLASSIFYING).alias("--batch-size", BATCH_MAX_SIZE, "N");
    }

    private CommandKeys() {
    }
}
