package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.SplitBy;
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

import static org.trapstream.model.train.TrainingSettings.TRAIN_EPOCHS;
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
    private final CommandContext context = CommandKeys.trainingANetwork()
        .alias("--epochs", TRAIN_EPOCHS, "N")
        .alias("--learning-rate", TRAIN_LEARNING_RATE, "LR");

    @Mixin
    private RegistryOption registry;

    @Mixin
    private DatasetOption dataset;

    @Option(names = "--split-by", paramLabel = "RULE", defaultValue = "random",
        description = {"How validation and test images are held out: random (a stratified share of each class) or "
            + "site (whole sites, from a labels.csv location or station column beside the dataset: the scores then say how "
            + "the model does at sites it never saw). Default: ${DEFAULT-VALUE}."})
    private SplitBy splitBy;

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
        TrainTestSets sets = dataset.read(options.seed(), splitBy);
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
        FolderDataset.Split validation = sets.validation(options.validationFraction(), options.seed());
        FolderDataset test = sets.test();
        String parent = registry.promoted().map(ModelMetadata::version).orElse(null);
        progress.printf("training %s on %d images (%d classes), validating on %d, testing on %d (held out by %s),"
                + " into %s%n", options.network().architecture().code(), validation.rest().images().size(),
            sets.train().labels().size(), validation.heldOut().images().size(), test.images().size(),
            sets.splitBy().name().toLowerCase(Locale.ROOT), registry.root());
        ModelMetadata saved = new Trainer(registry, options, limits, progress, System.console() != null)
            .train(validation.rest(), validation.heldOut(), test, parent);
        progress.printf("%s: test accuracy %.3f, macro-F1 %.3f%n", saved.version(), saved.metric("accuracy"),
            saved.metric("macro_f1"));
        if (promote || registry.promoted().isEmpty()) {
            registry.promote(saved.version());
            progress.println("promoted " + saved.version());
        }
        return saved;
    }
}
