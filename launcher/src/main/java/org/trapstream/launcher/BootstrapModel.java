package org.trapstream.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.cli.TrainCommand;
import org.trapstream.model.data.TrainTestSets;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.trapstream.launcher.SystemConfig.DEMO_DATASET;
import static org.trapstream.model.train.TrainingSettings.TRAIN_EPOCHS;
import static org.trapstream.model.train.TrainingSettings.TRAIN_IMAGE_SIZE;
import static org.trapstream.trainer.TrainerConfig.RETRAIN_MIN_LABELS;

/**
 * Gives a fresh installation its first model, so that {@code trapstream run} classifies from the start:
 * with no promoted model in the registry and the demo dataset on disk, it trains one on the dataset (its
 * train split, tested on its test split) and promotes it. Later runs find it and skip this.
 */
final class BootstrapModel {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapModel.class);

    static void ensure(TrapstreamConfig config, PrintStream out) {
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        Optional<ModelMetadata> promoted = registry.promoted();
        if (promoted.isPresent()) {
            LOG.info("Serving model {} from {}", promoted.get().version(), registry.root());
            return;
        }
        Path dataset = config.getPath(DEMO_DATASET);
        if (!Files.isDirectory(dataset)) {
            out.println("There is no model yet, and no dataset to train one on (" + dataset + " does not exist).");
            out.println("Posted images wait in the review queue; once " + config.getInt(RETRAIN_MIN_LABELS)
                + " of them are labelled on the review page, the trainer trains the first model.");
            return;
        }
        out.println("There is no model yet: training a first one on " + dataset.toAbsolutePath().normalize()
            + " (" + config.getInt(TRAIN_EPOCHS) + " epochs at " + config.getInt(TRAIN_IMAGE_SIZE)
            + " px; only on this first run; --trainer.epochs N changes it).");
        TrainingOptions options = TrainingOptions.from(config);
        ModelMetadata trained;
        try {
            // Progress goes to stderr, as `train` reports it.
            trained = TrainCommand.train(TrainTestSets.read(dataset, options.seed()), options, ImageLimits.from(config),
                registry, true, System.err);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Training the first model on " + dataset + " failed (" + e.getMessage()
                + "); fix the dataset, or start with --demo.dataset pointing elsewhere", e);
        }
        out.println("Model " + trained.version() + " trained and promoted.");
    }

    private BootstrapModel() {
    }
}
