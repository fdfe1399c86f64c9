package org.trapstream.bench;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.vertx.core.json.JsonObject;
import org.trapstream.bench.training.BeeBaseline;
import org.trapstream.bench.training.BorneoTransfer;
import org.trapstream.bench.training.CurvePlot;
import org.trapstream.bench.training.LabelPicker;
import org.trapstream.bench.training.LearningCurve;
import org.trapstream.bench.training.SiteHoldout;
import org.trapstream.bench.training.SiteMeasures;
import org.trapstream.bench.training.Spread;
import org.trapstream.bench.training.StageCost;
import org.trapstream.bench.training.TrainingBenchOptions;
import org.trapstream.bench.training.TrainingReport;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * {@code ./bench training}: the training figures of BENCHMARKS.md in one run, on the shared datasets, with
 * the model and trainer modules' own training code:
 * <ol>
 *   <li>time per epoch of the default seed CNN on the bee train split;</li>
 *   <li>its accuracy, macro-F1 and per-class recall on the bee test split;</li>
 *   <li>the Borneo camera-trap set learned by transfer from that bee model vs from scratch, over a few seeds;</li>
 *   <li>its calibration error before and after temperature scaling;</li>
 *   <li>a learning curve: test macro-F1 against feedback labels chosen by uncertainty vs at random;</li>
 *   <li>leave-one-location-out on the bee set against its random split;</li>
 *   <li>training measures (crop, colour jitter, greyscale, balanced sampling) scored at held-out sites, bee and
 *   Borneo.</li>
 * </ol>
 * Writes {@code training-<time>.json}, {@code .md} and {@code -learning-curve.png} into the output folder.
 * Exit status 0 when everything was measured, 1 when a stage failed or the bee dataset is missing, 2 for a
 * wrong command line.
 */
public final class TrainingBenchmark {

    private static final String BEES = "honeybee_subspecies";
    private static final String BORNEO = "camera_trap_borneo_camtrapr";
    private static final long STARTED = System.nanoTime();

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        BenchLauncher.main(args, TrainingBenchOptions.USAGE, TrainingBenchOptions::parse, "training", (options, work) -> {
            Path markdown = run(options, arguments, work);
            System.out.println();
            System.out.print(Files.readString(markdown));
            System.out.println("Results: " + markdown + " (and .json, -learning-curve.png beside it)");
        });
    }

    private static Path run(TrainingBenchOptions options, List<String> arguments, Path work) {
        LocalDateTime startedAt = LocalDateTime.now();
        double loadAtStart = Machine.loadAverage();
        Path datasets = ImageSet.sharedDatasets()
            .filter(dir -> Files.isDirectory(dir.resolve(BEES)))
            .orElseThrow(() -> new IllegalStateException("dataset " + BEES + " not found under shared/datasets "
                + "beside the checkout (or -Dtrapstream.shared=DIR holding datasets/)"));
        JsonObject machine = Machine.describe();
        ImageLimits limits = ImageLimits.from(options.config());
        ModelRegistry registry = new ModelRegistry(work.resolve("models"));
        List<String> notes = new ArrayList<>();
        List<StageCost> costs = new ArrayList<>();
        FolderDataset beeTrain = FolderDataset.scan(datasets.resolve(BEES).resolve(FolderDataset.TRAIN_DIR));
        FolderDataset beeTest = FolderDataset.scan(datasets.resolve(BEES).resolve(FolderDataset.TEST_DIR));

        Path borneoDir = datasets.resolve(BORNEO);
        boolean borneoThere = Files.isDirectory(borneoDir.resolve(FolderDataset.TRAIN_DIR));
        Optional<BeeBaseline.Result> bee = Optional.empty();
        if (options.runs(1) || options.runs(2) || options.runs(3) || options.runs(4)) {
            bee = Optional.of(stage("figures 1, 2, 4: bee model, " + options.headlineSize() + " px, epochs "
                + options.headlineEpochs(), costs, () -> new BeeBaseline(registry, limits, System.out).run(
                    options.training(options.headlineSize(), options.headlineEpochs(), 0, options.seed()), beeTrain,
                    beeTest)));
        }

        Optional<BorneoTransfer.Result> borneo = Optional.empty();
        if (options.runs(3) && borneoThere) {
            ModelMetadata beeModel = bee.orElseThrow().model();
            List<TrainingOptions> perSeed = options.borneoSeeds().stream().map(seed -> options.training(
                beeModel.inputSize(), options.borneoEpochs(), options.borneoBatchSize(), seed)).toList();
            borneo = Optional.of(stage("figure 3: Borneo, transfer vs scratch, seeds " + perSeed.size(), costs,
                () -> new BorneoTransfer(registry, limits, System.out).run(beeModel, perSeed,
                    FolderDataset.scan(borneoDir.resolve(FolderDataset.TRAIN_DIR)),
                    FolderDataset.scan(borneoDir.resolve(FolderDataset.TEST_DIR)))));
        } else if (options.runs(3)) {
            notes.add("dataset " + BORNEO + " not found: figure 3 skipped");
        }

        Optional<LearningCurve.Result> curve = Optional.empty();
        if (options.runs(5)) {
            List<TrainingOptions> perRepeat = options.curveSeeds().stream()
                .map(seed -> options.training(options.curveSize(), options.curveEpochs(), 0, seed)).toList();
            curve = Optional.of(stage("figure 5: learning curve, " + options.curveSize() + " px, up to "
                + options.curveRounds().maxLabels() + " labels, repeats " + perRepeat.size(), costs,
                () -> new LearningCurve(registry, limits, new SplitAssigner(options.validationPercent(), 0, 0),
                    System.out).run(perRepeat, beeTrain, beeTest, options.curveRounds())));
        }

        SiteHoldout holdout = new SiteHoldout(registry, limits, System.out);
        Optional<SiteHoldout.Result> sites = Optional.empty();
        if (options.runs(6)) {
            sites = Optional.of(stage("figure 6: leave-one-location-out, " + options.curveSize() + " px", costs,
                () -> holdout.run(options.training(options.curveSize(), options.curveEpochs(), 0, options.seed()),
                    beeTrain, beeTest, datasets.resolve(BEES))));
        }

        Optional<SiteMeasures.Result> measured = Optional.empty();
        if (options.runs(7)) {
            SiteMeasures measures = new SiteMeasures(holdout, System.out);
            List<SiteMeasures.DatasetResult> perDataset = new ArrayList<>();
            perDataset.add(stage("figure 7: training measures at unseen sites, bee, " + options.measureSize()
                + " px, seeds " + options.measureSeeds().size(), costs, () -> measures.run(
                    new SiteMeasures.Dataset(BEES, beeTrain, beeTest, datasets.resolve(BEES)),
                    options.measureSeeds(), (seed, keys) -> options.training(options.measureSize(),
                        options.measureEpochs(), 0, seed, keys))));
            if (borneoThere) {
                perDataset.add(stage("figure 7: training measures at unseen sites, Borneo, " + options.measureSize()
                    + " px, seeds " + options.measureSeeds().size(), costs, () -> measures.run(
                        new SiteMeasures.Dataset(BORNEO, FolderDataset.scan(borneoDir.resolve(FolderDataset.TRAIN_DIR)),
                            FolderDataset.scan(borneoDir.resolve(FolderDataset.TEST_DIR)), borneoDir),
                        options.measureSeeds(), (seed, keys) -> options.training(options.measureSize(),
                            options.borneoEpochs(), options.borneoBatchSize(), seed, keys))));
            } else {
                notes.add("dataset " + BORNEO + " not found: figure 7 measured on the bee set alone");
            }
            measured = Optional.of(new SiteMeasures.Result(perDataset));
        }

        String stem = "training-" + startedAt.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String plot = stem + "-learning-curve.png";
        curve.ifPresent(result -> plot(result, options.out().resolve(plot)));
        return new TrainingReport(options, arguments, machine, startedAt, loadAtStart, costs, bee, borneo, curve, plot,
            sites, measured, notes).write(options.out(), stem);
    }

    /** Runs one stage, printing its start and recording its wall and CPU time. */
    private static <T> T stage(String name, List<StageCost> costs, Supplier<T> work) {
        System.out.printf("[%4.0f s] %s%n", (System.nanoTime() - STARTED) / 1e9, name);
        CpuUse before = CpuUse.now();
        T result = work.get();
        CpuUse after = CpuUse.now();
        costs.add(new StageCost(name, (after.nanos() - before.nanos()) / 1e9, after.processSecondsSince(before),
            Machine.loadAverage()));
        return result;
    }

    /** The mean curve of each picker, bold, over each repeat's curve, faint. */
    private static void plot(LearningCurve.Result curve, Path file) {
        Map<LabelPicker, Color> colors = Map.of(LabelPicker.UNCERTAINTY, new Color(0xD62728),
            LabelPicker.MIXED, new Color(0x2CA02C), LabelPicker.RANDOM, new Color(0x1F77B4));
        double[] labels = Arrays.stream(curve.labels()).asDoubleStream().toArray();
        List<CurvePlot.Series> series = new ArrayList<>();
        for (LabelPicker picker : LabelPicker.values()) {
            Color color = colors.get(picker);
            if (curve.seeds().size() > 1) {
                curve.curves().get(picker).forEach(points -> series.add(CurvePlot.Series.faint(color, labels,
                    points.stream().mapToDouble(LearningCurve.Point::macroF1).toArray())));
            }
            double[] means = curve.across(picker, LearningCurve.Point::macroF1).stream().mapToDouble(Spread::mean)
                .toArray();
            series.add(new CurvePlot.Series(picker.description() + (curve.seeds().size() > 1 ? ", mean" : ""), color,
                labels, means));
        }
        new CurvePlot("Bee test macro-F1 vs feedback labels (" + curve.options().imageSize() + " px, epochs "
            + curve.options().epochs() + ", repeats " + curve.seeds().size() + ")", "labels", "macro-F1", 0, 1)
            .write(file, series);
    }

    private TrainingBenchmark() {
    }
}
