package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
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

import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.LONG;
import static org.trapstream.common.config.ConfigDef.Type.PATH;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/**
 * {@code tune}: searches the seed CNN's learning rate, dropout, depth, width and dense size by random search
 * with successive halving, within a time budget, scoring each configuration by macro-F1 on a validation share
 * held out of the training images (the search never sees the test images). Progress goes to stderr; stdout gets
 * the results table, then the best configuration's JSON as its last line. {@value TuneReport#RESULTS_FILE} and
 * {@value TuneReport#BEST_FILE} are written to {@code --out}. With {@code --train-best} the best configuration
 * is trained like {@code train} trains (early stopping, scored on the test images) for {@code trainer.epochs},
 * or as many epochs as the search gave it if more, and saved in the registry as a candidate, never promoted;
 * its version is added to the best configuration.
 */
public final class TuneCommand {

    private static final String GROUP = "tune";

    /** The command's options with their types, defaults and docs; the usage text is generated from them. */
    private static final ConfigDef OPTIONS = new ConfigDef()
        .define("data", PATH, null, GROUP, "train/<class>/<image> and test/, or one folder of <class>/<image> of "
            + "which `train` holds out 20 % as test images; the search never sees the test images")
        .define("budget", DURATION, "10m", GROUP, "no training run starts after this (250ms, 30s, 10m, 2h; decoding "
            + "counts)")
        .define("trials", INT, "8", atLeast(1), GROUP, "configurations sampled for the first rung")
        .define("min-epochs", INT, "1", atLeast(1), GROUP, "epochs of the first rung")
        .define("eta", INT, "3", atLeast(2), GROUP, "each rung keeps the best 1/eta and trains them eta times as long")
        .define("image-size", INT, null, between(16, 512), GROUP, "model input side (default: trainer.image.size)")
        .define("limit-per-class", INT, null, atLeast(1), GROUP, "use at most N training images per class (quick runs)")
        .define("seed", LONG, null, GROUP, "seeds sampling, splits and training (default: trainer.seed)")
        .define("out", PATH, null, GROUP, "where the results go (default: data.dir/tune/<UTC timestamp>)")
        .define("model-dir", PATH, null, GROUP, "the registry --train-best saves to (default: data.dir/models)");

    static final String USAGE = "tune --data DIR [--budget 10m] [--trials N] [--train-best] [options]\n"
        + OPTIONS.toHelp(List.of(GROUP))
        + String.format("  --%-36s %s%n", "train-best", "then train the best configuration (trainer.epochs, or its "
            + "epochs in the search if more) and save it in the registry, not promoted");

    private static final DateTimeFormatter TIMESTAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private TuneCommand() {
    }

    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        return CommandRunner.run(USAGE, OPTIONS.keys().keySet(), Set.of("train-best"), args, line -> {
            if (!line.positionals().isEmpty()) {
                throw new UsageException("unexpected arguments " + line.positionals());
            }
            Path data = Path.of(line.required("data"));
            Map<String, String> raw = new HashMap<>();
            OPTIONS.keys().keySet().forEach(name -> line.value(name).ifPresent(value -> raw.put(name, value)));
            Map<String, Object> values = OPTIONS.parse(raw);

            Map<String, String> overrides = new HashMap<>();
            value(values, "image-size").ifPresent(v -> overrides.put(TrapstreamConfig.TRAIN_IMAGE_SIZE, v.toString()));
            value(values, "seed").ifPresent(v -> overrides.put(TrapstreamConfig.TRAIN_SEED, v.toString()));
            TrapstreamConfig effective = config.with(overrides);
            TrainingOptions options = TrainingOptions.from(effective);
            ImageLimits limits = ImageLimits.from(effective);
            Path outDir = value(values, "out").map(Path.class::cast)
                .orElseGet(() -> effective.dataDir().resolve("tune").resolve(TIMESTAMP.format(Instant.now())));
            TuneSettings settings = new TuneSettings((Integer) values.get("trials"),
                new SuccessiveHalving((Integer) values.get("eta"), (Integer) values.get("min-epochs")),
                (Duration) values.get("budget"), SearchSpace.DEFAULT);

            int limit = value(values, "limit-per-class").map(Integer.class::cast).orElse(Integer.MAX_VALUE);
            // The test images stay out of the search; --train-best scores its model on them, as `train` would.
            TrainTestSets sets = TrainTestSets.read(data, options.seed()).limitPerClass(limit, options.seed());
            FolderDataset train = sets.train();

            PrintStream err = System.err;
            TuneReport report = new Tuner(options, limits, err).tune(train, settings);
            report.writeTo(outDir);
            out.print(report.table());
            err.println("wrote " + outDir.resolve(TuneReport.RESULTS_FILE) + " and " + TuneReport.BEST_FILE);
            Optional<TrialResult> best = report.best();
            if (best.isEmpty()) {
                err.println("error: no trial finished within the budget of " + settings.budget().toSeconds()
                    + "s; give a larger --budget, or a smaller --image-size or --limit-per-class");
                return CommandRunner.FAILED;
            }
            JsonObject bestConfig = report.bestConfig().orElseThrow();
            if (line.flag("train-best")) {
                ModelRegistry registry = new ModelRegistry(value(values, "model-dir").map(Path.class::cast)
                    .orElse(effective.modelRegistryDir()));
                ModelMetadata saved = trainBest(best.get(), options, limits, train, sets.test(), registry);
                bestConfig.put("model_version", saved.version());
                TuneReport.writeBestConfig(outDir, bestConfig);
            }
            out.println(bestConfig.encode());
            return CommandRunner.OK;
        });
    }

    private static ModelMetadata trainBest(TrialResult best, TrainingOptions options, ImageLimits limits,
                                           FolderDataset train, FolderDataset test, ModelRegistry registry) {
        PrintStream err = System.err;
        int epochs = Math.max(options.epochs(), best.epochs());
        err.printf("training trial %d (%s) for up to %d epochs into %s%n", best.trial().id(), best.trial().describe(),
            epochs, registry.root());
        String parent = registry.promoted().map(ModelMetadata::version).orElse(null);
        TrainingOptions bestOptions = best.trial().trainingOptions(options, epochs, options.seed());
        ModelMetadata saved = new Trainer(registry, bestOptions, limits, err, System.console() != null)
            .train(train, test, parent);
        err.printf("%s: test accuracy %.3f, macro-F1 %.3f; not promoted (`models promote %s` serves it)%n",
            saved.version(), saved.metric("accuracy"), saved.metric("macro_f1"), saved.version());
        return saved;
    }

    private static Optional<Object> value(Map<String, Object> values, String name) {
        return Optional.ofNullable(values.get(name));
    }
}
