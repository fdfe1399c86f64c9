package org.trapstream.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.cli.TrainCommand;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.trapstream.common.config.TrapstreamConfig.DEMO_DATASET;
import static org.trapstream.common.config.TrapstreamConfig.RETRAIN_MIN_LABELS;
import static org.trapstream.common.config.TrapstreamConfig.TRAIN_EPOCHS;
import static org.trapstream.common.config.TrapstreamConfig.TRAIN_IMAGE_SIZE;

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
        // TrainCommand prints its progress on stderr and the new version as its last line on stdout.
        ByteArrayOutputStream versionLine = new ByteArrayOutputStream();
        int exitCode = TrainCommand.run(config, List.of("--data", dataset.toString(), "--promote"),
            new PrintStream(versionLine, true, StandardCharsets.UTF_8));
        if (exitCode != 0) {
            throw new IllegalStateException("Training the first model on " + dataset + " failed (exit code "
                + exitCode + "); fix the dataset, or start with --demo.dataset pointing elsewhere");
        }
        out.println("Model " + versionLine.toString(StandardCharsets.UTF_8).strip() + " trained and promoted.");
    }

    private BootstrapModel() {
    }
}
