package org.trapstream.serving;

import org.trapstream.common.config.ConfigDef;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/**
 * The classifier's keys for running a model, defined here, below the classifier, because {@code predict} and
 * {@code evaluate} read them too: a prediction from the command line batches and ranks as the classifier does.
 * The classifier composes them into its own definition.
 */
public final class InferenceSettings {

    public static final String BATCH_MAX_SIZE = "classifier.batch.max.size";
    public static final String TOP_K = "classifier.top.k";

    public static final ConfigDef DEFINITION = new ConfigDef("classifier")
        .define(BATCH_MAX_SIZE, INT, "16", between(1, 512), HIGH,
            "Largest micro-batch run through the model at once (1 turns batching off).")
        .define(TOP_K, INT, "3", atLeast(1), LOW, "Labels listed with their confidences in each prediction.");

    private InferenceSettings() {
    }
}
