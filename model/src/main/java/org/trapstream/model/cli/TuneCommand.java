package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.cli.Values.PositiveInteger;
import org.trapstream.common.cli.Values.TimeSpan;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.SplitBy;
import org.trapstream.model.data.TrainTestSets;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.model.tune.SearchSpace;
import org.trapstream.model.tune.SuccessiveHalving;
import org.trapstream.model.tune.TrialResult;
import org.trapstream.model.tune.TuneReport;
import org.trapstream.model.tune.TuneSettings;
import org.trapstream.model.tune.Tuner;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import static org.trapstream.model.train.TrainingSettings.TRAIN_SEED;

/**
 * {@code tune}: searches the seed CNN's learning rate, dropout, depth, width and dense size by random search
 * with successive halving, within a time budget, scoring each configuration by macro-F1 on a validation share
 * held out of the training images (the search never sees the test images). With {@code --train-best} the best
 * configuration is trained like {@code train} trains (early stopping, scored on the test images) for
 * {@code trainer.epochs}, or as many epochs as the search gave it if more, and saved in the registry as a
 * candidate, never promoted; its version is added to the best configuration.
 */
@Command(name = "tune",
    description = {"Searches the seed CNN's learning rate, dropout, depth, width and dense size within a time budget "
        + "(random search, successive halving) and prints the best configuration.",
        "Only the training images of --data are searched on, never its test images.",
        "Progress goes to stderr; stdout gets the results table, then the best configuration's JSON as its last "
            + "line. " + TuneReport.RESULTS_FILE + " and " + TuneReport.BEST_FILE + " are written to --out."})
public final class TuneCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIMESTAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Mixin
    private final CommandContext context = CommandKeys.training()
        .alias("--seed", TRAIN_SEED, "N");

    @Mixin
    private RegistryOption registry;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOption dataset;

    @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "10m", converter = TimeSpan.class,
        description = "No training run starts after this (250ms, 30s, 10m, 2h; decoding counts; default: "
            + "${DEFAULT-VALUE}).")
    private Duration budget;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "8", converter = PositiveInteger.class,
        description = "Configurations sampled for the first rung (default: ${DEFAULT-VALUE}).")
    private int trials;

    @Option(names = "--min-epochs", paramLabel = "N", defaultValue = "1", converter = PositiveInteger.class,
        description = "Epochs of the first rung (default: ${DEFAULT-VALUE}).")
    private int minEpochs;

    @Option(names = "--eta", paramLabel = "N", defaultValue = "3",
        description = "Each rung keeps the best 1/eta and trains them eta times as long; at least 2 (default: "
            + "${DEFAULT-VALUE}).")
    private int eta;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Where the results go (default: data.dir/tune/<UTC timestamp>).")
    private Path out;

    @Option(names = "--train-best", description = "Then train the best configuration (trainer.epochs, or its epochs "
        + "in the search if more) and save it in the registry, not promoted.")
    private boolean trainBest;

    @Override
    public Integer call() {
        if (eta < 2) {
            throw new ParameterException(spec.commandLine(), "--eta must be at least 2, got " + eta);
        }
        TrapstreamConfig config = context.config();
        TrainingOptions options = TrainingOptions.from(config);
        ImageLimits limits = ImageLimits.from(config);
        Path outDir = out != null ? out : config.dataDir().resolve("tune").resolve(TIMESTAMP.format(Instant.now()));
        TuneSettings settings = new TuneSettings(trials, new SuccessiveHalving(eta, minEpochs), budget,
            SearchSpace.DEFAULT);

        // The test images stay out of the search; --train-best scores its model on them, as `train` would.
        TrainTestSets sets = dataset.read(options.seed(), SplitBy.RANDOM);
        FolderDataset train = sets.train();

        PrintStream err = context.err();
        TuneReport report = new Tuner(options, limits, err).tune(train, settings);
        report.writeTo(outDir);
        context.out().print(report.table());
        err.println("wrote " + outDir.resolve(TuneReport.RESULTS_FILE) + " and " + TuneReport.BEST_FILE);
        Optional<TrialResult> best = report.best();
        if (best.isEmpty()) {
            throw new IllegalStateException("no trial finished within the budget of " + settings.budget().toSeconds()
                + "s; give a larger --budget, or a smaller --image-size or --limit-per-class");
        }
        JsonObject bestConfig = report.bestConfig().orElseThrow();
        if (trainBest) {
            ModelMetadata saved = trainBest(best.get(), options, limits, sets, registry.registry(config), err);
            bestConfig.put("model_version", saved.version());
            TuneReport.writeBestConfig(outDir, bestConfig);
        }
        context.out().println(bestConfig.encode());
        return ExitCode.OK;
    }

    private static ModelMetadata trainBest(TrialResult best, TrainingOptions options, ImageLimits limits,
                                           TrainTestSets sets, ModelRegistry registry, PrintStream err) {
        int epochs = Math.max(options.epochs(), best.epochs());
        err.printf("training trial %d (%s) for up to %d epochs into %s%n", best.trial().id(), best.trial().describe(),
            epochs, registry.root());
        String parent = registry.promoted().map(ModelMetadata::version).orElse(null);
        TrainingOptions bestOptions = best.trial().trainingOptions(options, epochs, options.seed());
        ModelMetadata saved = new Trainer(registry, bestOptions, limits, err, System.console() != null)
            .train(sets.train(), sets.test(), parent);
        err.printf("%s: test accuracy %.3f, macro-F1 %.3f; not promoted (`models promote %s` serves it)%n",
            saved.version(), saved.metric("accuracy"), saved.metric("macro_f1"), saved.version());
        return saved;
    }
}
