package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.cli.Values.PositiveInteger;
import org.trapstream.common.cli.Values.PositiveNumber;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedDataset;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.SplitBy;
import org.trapstream.model.data.TrainTestSets;
import org.trapstream.model.plot.Charts;
import org.trapstream.model.train.LrRangeTest;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.Backend;
import org.trapstream.serving.Preprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;


/**
 * {@code lr-find}: the learning-rate range test on the training images of a labelled folder, as {@link
 * TrainTestSets} reads it for {@code train} (never the images held out for testing), with the network, input
 * size, batch size, augmentation and class weighting that {@code train} would use. The suggestion suits
 * {@code trainer.learning.rate}; for the triangular schedule, the rate at the minimum is a sound
 * {@code trainer.lr.max}.
 */
@Command(name = "lr-find",
    description = {"Learning-rate range test: trains briefly at growing rates, prints the loss per rate and a "
        + "suggested learning rate, and plots the curve.",
        "Only the training images of --data are used.",
        "Stdout gets one row per step (rate, loss, smoothed loss), then one JSON line: {\"suggested_lr\", "
            + "\"min_loss_lr\", \"steepest_lr\", \"steps\", \"stopped\", \"plot\"}."})
public final class LrFindCommand implements Callable<Integer> {

    @Mixin
    private final CommandContext context = CommandKeys.trainingANetwork();

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOption dataset;

    @Option(names = "--min", paramLabel = "LR", defaultValue = "1e-6", converter = PositiveNumber.class,
        description = "The rate of the first step (default: ${DEFAULT-VALUE}).")
    private double minRate;

    @Option(names = "--max", paramLabel = "LR", defaultValue = "1", converter = PositiveNumber.class,
        description = "The rate of the last step (default: ${DEFAULT-VALUE}).")
    private double maxRate;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "100", converter = PositiveInteger.class,
        description = "Mini-batches to train, each at a higher rate (default: ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "lr-find.png",
        description = "Where the loss-versus-rate chart goes (default: ./${DEFAULT-VALUE}).")
    private Path plot;

    @Override
    public Integer call() {
        if (maxRate <= minRate) {
            throw new ParameterException(spec.commandLine(), "--max must exceed --min");
        }
        TrapstreamConfig config = context.config();
        TrainingOptions options = TrainingOptions.from(config);
        // The training images as train would see them: the rate is then never chosen on test images.
        FolderDataset training = dataset.read(options.seed(), SplitBy.RANDOM).train();

        Backend.init();
        PrintStream err = context.err();
        err.printf("lr-find on %d images (%d classes) of %s: %d steps from %.1e to %.1e%n",
            training.images().size(), training.labels().size(), training.source(), iterations, minRate, maxRate);
        DecodedDataset decoded = DecodedDataset.decode(training, options.imageSize(), ImageLimits.from(config));
        decoded.failures().forEach(failure -> err.println("skipped " + failure));
        if (decoded.images().isEmpty()) {
            throw new IllegalArgumentException("No decodable images in " + training.source());
        }
        ChannelStats stats = ChannelStats.of(decoded.pictures());
        Preprocessor preprocessor = new Preprocessor(options.imageSize(), stats.mean(), stats.std());
        LrRangeTest.Result result = LrRangeTest.run(options, training.labels(), preprocessor, decoded.images(),
            minRate, maxRate, iterations);

        printTable(result, context.out());
        Charts.writePng(Charts.lrRangeTest("LR range test: " + options.network().architecture().code() + ", "
            + decoded.images().size() + " images", result.rates(), result.smoothed(), result.suggestedRate()), plot);
        err.printf("stopped: %s; chart in %s%n", result.stopReason(), plot.toAbsolutePath());
        context.out().println(result.toJson().put("plot", plot.toAbsolutePath().toString()).encode());
        return ExitCode.OK;
    }

    private static void printTable(LrRangeTest.Result result, PrintStream out) {
        out.printf("%5s  %10s  %9s  %9s%n", "step", "lr", "loss", "smoothed");
        for (int i = 0; i < result.rates().length; i++) {
            out.printf(Locale.ROOT, "%5d  %10.3e  %9.4f  %9.4f%n", i + 1, result.rates()[i], result.losses()[i],
                result.smoothed()[i]);
        }
    }
}
