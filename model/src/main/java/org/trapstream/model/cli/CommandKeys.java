package org.trapstream.model.cli;

import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.serving.InferenceSettings;

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

    private CommandKeys() {
    }
}
