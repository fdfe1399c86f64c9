package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.TrainTestSets;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * {@code train}: trains a new model version on a labelled folder and saves it in the registry. The data is
 * {@code train/<class>/<image>} plus {@code test/<class>/<image>}, or plain {@code <class>/<image>}, of which
 * a stratified 20 % is held out as the test set ({@link TrainTestSets}). Progress goes to stderr; the new
 * version's id is the last stdout line. The version is promoted with {@code --promote}, or when the registry
 * has no promoted version.
 */
public final class TrainCommand {

    static final String USAGE = "train --data DIR [--model-dir DIR] [--epochs N] [--image-size S] [--batch-size B]\n"
        + "      [--learning-rate LR] [--limit-per-class N] [--promote]\n"
        + "      [--architecture seed-cnn|squeezenet|resnet50|vgg16] [--weights FILE [--freeze]]\n"
        + "  --data             train/ and test/ folders of <class>/<image>, or one folder of <class>/<image>\n"
        + "  --model-dir        the model registry (default: data.dir/models)\n"
        + "  --limit-per-class  use at most N images per class of each split (quick runs)\n"
        + "  --promote          serve the new version even when another one is promoted\n"
        + "  --weights          start from this DL4J model file (e.g. zoo ImageNet weights an operator downloaded);\n"
        + "                     its classifier is replaced for the dataset's labels. Never downloads anything\n"
        + "  --freeze           with --weights: train only the new classifier\n"
        + "  defaults: the trainer.* configuration keys";

    /** Command-line options that override a trainer.* configuration key. */
    private static final Map<String, String> CONFIG_OPTIONS = Map.of(
        "epochs", TrapstreamConfig.TRAIN_EPOCHS,
        "image-size", TrapstreamConfig.TRAIN_IMAGE_SIZE,
        "batch-size", TrapstreamConfig.TRAIN_BATCH_SIZE,
        "learning-rate", TrapstreamConfig.TRAIN_LEARNING_RATE,
        "architecture", TrapstreamConfig.TRAIN_ARCHITECTURE);

    private TrainCommand() {
    }

    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        Set<String> valueOptions = new HashSet<>(CONFIG_OPTIONS.keySet());
        valueOptions.addAll(Set.of("data", "model-dir", "limit-per-class", "weights"));
        return CommandRunner.run(USAGE, valueOptions, Set.of("promote", "freeze"), args, line -> {
            if (!line.positionals().isEmpty()) {
                throw new UsageException("unexpected arguments " + line.positionals());
            }
            Map<String, String> overrides = new HashMap<>();
            CONFIG_OPTIONS.forEach((option, key) -> line.value(option).ifPresent(v -> overrides.put(key, v)));
            TrapstreamConfig effective = config.with(overrides);
            TrainingOptions options = withWeights(TrainingOptions.from(effective), line);
            Path data = Path.of(line.required("data"));
            int limit = line.positiveInt("limit-per-class", Integer.MAX_VALUE);

            TrainTestSets sets = TrainTestSets.read(data, options.seed()).limitPerClass(limit, options.seed());
            FolderDataset train = sets.train();
            FolderDataset test = sets.test();

            ModelRegistry registry = new ModelRegistry(line.path("model-dir", effective.modelRegistryDir()));
            String parent = registry.promoted().map(ModelMetadata::version).orElse(null);
            PrintStream err = System.err;
            err.printf("training %s on %d images (%d classes), testing on %d, into %s%n",
                options.network().architecture().code(), train.images().size(), train.labels().size(),
                test.images().size(), registry.root());
            ModelMetadata saved = new Trainer(registry, options, ImageLimits.from(effective), err, System.console() != null)
                .train(train, test, parent);
            err.printf("%s: test accuracy %.3f, macro-F1 %.3f%n", saved.version(), saved.metric("accuracy"),
                saved.metric("macro_f1"));
            if (line.flag("promote") || registry.promoted().isEmpty()) {
                registry.promote(saved.version());
                err.println("promoted " + saved.version());
            }
            out.println(saved.version());
            return CommandRunner.OK;
        });
    }

    private static TrainingOptions withWeights(TrainingOptions options, CommandLine line) throws UsageException {
        if (line.value("weights").isEmpty()) {
            if (line.flag("freeze")) {
                throw new UsageException("--freeze needs --weights FILE");
            }
            return options;
        }
        return options.withNetwork(new NetworkSpec(options.network().architecture(), Path.of(line.required("weights")),
            line.flag("freeze")));
    }
}
