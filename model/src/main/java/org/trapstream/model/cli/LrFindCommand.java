package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedDataset;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.TrainTestSets;
import org.trapstream.model.plot.Charts;
import org.trapstream.model.train.LrRangeTest;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.Backend;
import org.trapstream.serving.Preprocessor;

/**
 * {@code lr-find}: the learning-rate range test on the training images of a labelled folder, as {@link
 * TrainTestSets} reads it for {@code train} (never the images held out for testing), with the network, input size, batch size, augmentation and class weighting that
 * {@code train} would use. Prints one row per step (rate, loss, smoothed loss), writes the curve as a PNG, and
 * ends with one JSON line: {@code {"suggested_lr", "min_loss_lr", "steepest_lr", "steps", "stopped", "plot"}}.
 * The suggestion suits {@code trainer.learning.rate}; for the triangular schedule, the rate at the minimum is a
 * sound {@code trainer.lr.max}.
 */
public final class LrFindCommand {

    static final String USAGE = "lr-find --data DIR [--min LR] [--max LR] [--iterations N] [--out FILE.png]\n"
        + "      [--limit-per-class N] [--image-size S] [--batch-size B] [--architecture A]\n"
        + "  --data             a dataset folder as train reads it; only its training images are used\n"
        + "  --min, --max       the rates of the first and last step (default 1e-6 and 1)\n"
        + "  --iterations       mini-batches to train, each at a higher rate (default 100)\n"
        + "  --out              where the loss-versus-rate chart goes (default ./lr-find.png)\n"
        + "  --limit-per-class  use at most N images per class\n"
        + "  defaults: the trainer.* configuration keys";

    private static final double DEFAULT_MIN = 1e-6;
    private static final double DEFAULT_MAX = 1;
    private static final int DEFAULT_ITERATIONS = 100;

    /** Command-line options that override a trainer.* configuration key. */
    private static final Map<String, String> CONFIG_OPTIONS = Map.of(
        "image-size", TrapstreamConfig.TRAIN_IMAGE_SIZE,
        "batch-size", TrapstreamConfig.TRAIN_BATCH_SIZE,
        "architecture", TrapstreamConfig.TRAIN_ARCHITECTURE);

    private LrFindCommand() {
    }

    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        Set<String> valueOptions = new HashSet<>(CONFIG_OPTIONS.keySet());
        valueOptions.addAll(Set.of("data", "min", "max", "iterations", "out", "limit-per-class"));
        return CommandRunner.run(USAGE, valueOptions, Set.of(), args, line -> {
            if (!line.positionals().isEmpty()) {
                throw new UsageException("unexpected arguments " + line.positionals());
            }
            Map<String, String> overrides = new HashMap<>();
            CONFIG_OPTIONS.forEach((option, key) -> line.value(option).ifPresent(v -> overrides.put(key, v)));
            TrapstreamConfig effective = config.with(overrides);
            TrainingOptions options = TrainingOptions.from(effective);
            double minRate = line.positiveDouble("min", DEFAULT_MIN);
            double maxRate = line.positiveDouble("max", DEFAULT_MAX);
            if (maxRate <= minRate) {
                throw new UsageException("--max must exceed --min");
            }
            int iterations = line.positiveInt("iterations", DEFAULT_ITERATIONS);
            Path plot = line.path("out", Path.of("lr-find.png"));
            Path data = Path.of(line.required("data"));
            // The training images as train would see them: the rate is then never chosen on test images.
            FolderDataset dataset = TrainTestSets.read(data, options.seed()).train()
                .limitPerClass(line.positiveInt("limit-per-class", Integer.MAX_VALUE), options.seed());

            Backend.init();
            PrintStream err = System.err;
            err.printf("lr-find on %d images (%d classes) of %s: %d steps from %.1e to %.1e%n",
                dataset.images().size(), dataset.labels().size(), dataset.source(), iterations, minRate, maxRate);
            DecodedDataset decoded = DecodedDataset.decode(dataset, options.imageSize(), ImageLimits.from(effective));
            decoded.failures().forEach(failure -> err.println("skipped " + failure));
            if (decoded.images().isEmpty()) {
                throw new IllegalArgumentException("No decodable images in " + dataset.source());
            }
            ChannelStats stats = ChannelStats.of(decoded.pictures());
            Preprocessor preprocessor = new Preprocessor(options.imageSize(), stats.mean(), stats.std());
            LrRangeTest.Result result = LrRangeTest.run(options, dataset.labels(), preprocessor, decoded.images(),
                minRate, maxRate, iterations);

            printTable(result, out);
            Charts.writePng(Charts.lrRangeTest("LR range test: " + options.network().architecture().code() + ", "
                + decoded.images().size() + " images", result.rates(), result.smoothed(), result.suggestedRate()), plot);
            err.printf("stopped: %s; chart in %s%n", result.stopReason(), plot.toAbsolutePath());
            out.println(result.toJson().put("plot", plot.toAbsolutePath().toString()).encode());
            return CommandRunner.OK;
        });
    }

    private static void printTable(LrRangeTest.Result result, PrintStream out) {
        out.printf("%5s  %10s  %9s  %9s%n", "step", "lr", "loss", "smoothed");
        for (int i = 0; i < result.rates().length; i++) {
            out.printf(Locale.ROOT, "%5d  %10.3e  %9.4f  %9.4f%n", i + 1, result.rates()[i], result.losses()[i],
                result.smoothed()[i]);
        }
    }
}
