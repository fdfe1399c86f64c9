package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.cli.Values.PositiveInteger;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.TrainTestSets;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import static org.trapstream.model.train.TrainingSettings.TRAIN_ARCHITECTURE;
import static org.trapstream.model.train.TrainingSettings.TRAIN_BATCH_SIZE;
import static org.trapstream.model.train.TrainingSettings.TRAIN_EPOCHS;
import static org.trapstream.model.train.TrainingSettings.TRAIN_IMAGE_SIZE;
import static org.trapstream.model.train.TrainingSettings.TRAIN_LEARNING_RATE;

/**
 * {@code train}: trains a new model version on a labelled folder and saves it in the registry. The data is
 * {@code train/<class>/<image>} plus {@code test/<class>/<image>}, or plain {@code <class>/<image>}, of which
 * a stratified 20 % is held out as the test set ({@link TrainTestSets}).
 */
@Command(name = "train",
    description = {"Trains a model on a folder dataset and saves it in the model registry.",
        "Progress goes to stderr; the new version's id is the last line on stdout. The version serves with "
            + "--promote, or when no version serves yet."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    private final CommandContext context = CommandContext.reading(CommandKeys.TRAINING)
        .alias("--epochs", TRAIN_EPOCHS, "N")
        .alias("--image-size", TRAIN_IMAGE_SIZE, "PX")
        .alias("--batch-size", TRAIN_BATCH_SIZE, "N")
        .alias("--learning-rate", TRAIN_LEARNING_RATE, "LR")
        .alias("--architecture", TRAIN_ARCHITECTURE, "NAME");

    @Mixin
    private RegistryOption registry;

    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "train/ and test/ folders of <class>/<image>, or one folder of <class>/<image> of which a "
            + "stratified 20%% is held out for testing.")
    private Path data;

    @Option(names = "--limit-per-class", paramLabel = "N", converter = PositiveInteger.class,
        description = "Use at most N images per class of each split (quick runs).")
    private int limitPerClass = Integer.MAX_VALUE;

    @Option(names = "--promote", description = "Serve the new version even when another one serves.")
    private boolean promote;

    @ArgGroup(exclusive = false)
    private StartingWeights weights;

    /** An operator's model file to start from; nothing is ever downloaded. */
    static final class StartingWeights {

        @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "Start from this DL4J model file (e.g. zoo ImageNet weights an operator downloaded); its "
                + "classifier is replaced for the dataset's labels.")
        private Path file;

        @Option(names = "--freeze", description = "With --weights: train only the new classifier.")
        private boolean freeze;
    }

    @Override
    public Integer call() {
        TrapstreamConfig config = context.config();
        TrainingOptions options = TrainingOptions.from(config);
        if (weights != null) {
            NetworkSpec start = new NetworkSpec(options.network().architecture(), weights.file, weights.freeze);
            options = options.withNetwork(start);
        }
        TrainTestSets sets = TrainTestSets.read(data, options.seed()).limitPerClass(limitPerClass, options.seed());
        ModelMetadata saved = train(sets, options, ImageLimits.from(config), registry.registry(config), promote,
            context.err());
        context.out().println(saved.version());
        return ExitCode.OK;
    }

    /**
     * Trains a version on the sets and saves it, reporting progress; it serves when {@code promote} is asked or
     * no version serves yet. {@code run} trains its bootstrap model with it too.
     */
    public static ModelMetadata train(TrainTestSets sets, TrainingOptions options, ImageLimits limits,
                                      ModelRegistry registry, boolean promote, PrintStream progress) {
        FolderDataset train = sets.train();
        FolderDataset test = sets.test();
        String parent = registry.promoted().map(ModelMetadata::version).orElse(null);
        progress.printf("training %s on %d images (%d classes), testing on %d, into %s%n",
            options.network().architecture().code(), train.images().size(), train.labels().size(),
            test.images().size(), registry.root());
        ModelMetadata saved = new Trainer(registry, options, limits, progress, System.console() != null)
            .train(train, test, parent);
        progress.printf("%s: test accuracy %.3f, macro-F1 %.3f%n", saved.version(), saved.metric("accuracy"),
            saved.metric("macro_f1"));
        if (promote || registry.promoted().isEmpty()) {
            registry.promote(saved.version());
            progress.println("promoted " + saved.version());
        }
        return saved;
    }
}
