package org.trapstream.bench.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.model.eval.EvaluationSummary;

/**
 * Everything one run of the training benchmark measured, written as JSON (all numbers) and as the Markdown
 * section of BENCHMARKS.md (the figures, with the caveats that decide which of them mean something).
 *
 * @param arguments   the command line as given, for the "how to reproduce" line
 * @param loadAtStart the 1-minute load average before the first stage
 * @param costs       wall and CPU time of each stage, with the load average after it
 * @param bee         figures 1, 2 and 4; this and every other figure empty when --figures left it out
 * @param borneo      empty when the Borneo dataset is not there
 * @param plot        the learning-curve PNG, relative to the Markdown file
 * @param sites       leave-one-location-out against the random split
 * @param measures    training measures scored at held-out sites
 */
public record TrainingReport(TrainingBenchOptions options, List<String> arguments, JsonObject machine,
                             LocalDateTime startedAt, double loadAtStart, List<StageCost> costs,
                             Optional<BeeBaseline.Result> bee, Optional<BorneoTransfer.Result> borneo,
                             Optional<LearningCurve.Result> curve, String plot, Optional<SiteHoldout.Result> sites,
                             Optional<SiteMeasures.Result> measures, List<String> notes) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
            .put("created_at", startedAt.toString())
            .put("arguments", new JsonArray(arguments))
            .put("quick", options.quick())
            .put("machine", machine)
            .put("load_average_1m_at_start", loadAtStart)
            .put("stages", new JsonArray(costs.stream().map(StageCost::toJson).toList()))
            .put("total_wall_seconds", wallSeconds())
            .put("total_cpu_seconds", cpuSeconds())
            .put("notes", new JsonArray(notes));
        bee.ifPresent(result -> json.put("bee", result.toJson()));
        borneo.ifPresent(result -> json.put("borneo", result.toJson()));
        curve.ifPresent(result -> json.put("learning_curve", result.toJson().put("plot", plot)));
        sites.ifPresent(result -> json.put("sites", result.toJson()));
        measures.ifPresent(result -> json.put("site_measures", result.toJson()));
        return json;
    }

    /** Writes {@code training-<time>.json} and {@code .md} into {@code dir}; returns the Markdown file. */
    public Path write(Path dir, String stem) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(stem + ".json"), toJson().encodePrettily());
            Path markdown = dir.resolve(stem + ".md");
            Files.writeString(markdown, toMarkdown());
            return markdown;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results into " + dir, e);
        }
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Training\n\n");
        md.append(String.format(Locale.ROOT, "`./bench training%s` on %s: %s cores (%s), %s, Java %s; ND4J %s, "
                + "oneDNN %s.%s%n%n",
            arguments.isEmpty() ? "" : " " + String.join(" ", arguments), startedAt.toLocalDate(),
            machine.getValue("cores"), machine.getString("cpu"), machine.getString("memory"), machine.getString("java"),
            nd4j().getString("backend"), nd4j().getValue("onednn"),
            options.quick() ? " **--quick: a smaller run, not the reference figures.**" : ""));
        appendCosts(md);
        bee.ifPresent(result -> {
            appendEpochTimes(md, result);
            appendBeeScores(md, result);
            borneo.ifPresentOrElse(transfer -> appendBorneo(md, transfer),
                () -> md.append("### 3. Borneo: transfer vs from scratch\n\nSkipped: dataset not found or figure "
                    + "left out.\n\n"));
            appendCalibration(md, result);
        });
        curve.ifPresent(result -> appendLearningCurve(md, result));
        sites.ifPresent(result -> md.append(result.toMarkdown()));
        measures.ifPresent(result -> md.append(result.toMarkdown()));
        if (!notes.isEmpty()) {
            md.append("Notes: ").append(String.join("; ", notes)).append(".\n");
        }
        return md.toString();
    }

    private double wallSeconds() {
        return costs.stream().mapToDouble(StageCost::wallSeconds).sum();
    }

    private double cpuSeconds() {
        return costs.stream().mapToDouble(StageCost::cpuSeconds).sum();
    }

    /**
     * Wall time depends on what else runs on the machine; CPU time much less. Both, with the load, so a reader
     * can tell a slow machine from a busy one.
     */
    private void appendCosts(StringBuilder md) {
        md.append(String.format(Locale.ROOT, "| stage | wall s | CPU s | cores busy | load average after |%n"
            + "|---|---|---|---|---|%n| (start) | | | | %.1f |%n", loadAtStart));
        costs.forEach(c -> md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.1f |%n", c.stage(),
            c.wallSeconds(), c.cpuSeconds(), c.coresBusy(), c.loadAverage())));
        md.append(String.format(Locale.ROOT, "| **total** | **%.0f** | **%.0f** | %.2f | |%n%n", wallSeconds(),
            cpuSeconds(), cpuSeconds() / wallSeconds()));
    }

    private JsonObject nd4j() {
        return machine.getJsonObject("nd4j", new JsonObject());
    }

    private void appendEpochTimes(StringBuilder md, BeeBaseline.Result bee) {
        md.append(String.format(Locale.ROOT, "### 1. Training time per epoch (bee, default SeedCnn, %d px, "
            + "batch %d)%n%n", bee.options().imageSize(), bee.options().batchSize()));
        md.append("| epoch | seconds | images/s | train loss | val loss | val accuracy |\n|---|---|---|---|---|---|\n");
        bee.epochs().stream().map(JsonObject.class::cast).forEach(e -> md.append(String.format(Locale.ROOT,
            "| %d | %.1f | %.1f | %s | %s | %s |%n", e.getInteger("epoch"), e.getDouble("seconds"),
            e.getDouble("images_per_second"), num(e.getValue("train_loss")), num(e.getValue("val_loss")),
            num(e.getValue("val_accuracy")))));
        md.append(String.format(Locale.ROOT, "%nThe bee train split's %d images are %d fitted plus a stratified %d "
                + "validation share (%.0f %%); images/s counts fitted images over the whole epoch, which includes the "
                + "augmentation of every image and one validation pass. Weights kept from epoch %s (lowest "
                + "validation loss). Images decoded once before training: %.1f s.%n%n",
            bee.fitImages() + bee.validationImages(), bee.fitImages(), bee.validationImages(),
            bee.options().validationFraction() * 100, bee.model().metrics().getValue("best_epoch"),
            bee.model().timings().getDouble("decode_seconds", Double.NaN)));
    }

    private void appendBeeScores(StringBuilder md, BeeBaseline.Result bee) {
        EvaluationSummary test = bee.test();
        md.append(String.format(Locale.ROOT, "### 2. Bee test split: accuracy %.3f, macro-F1 %.3f (%d images; model "
                + "of figure 1: epochs %d, %d px)%n%n", test.accuracy(), test.macroF1(), test.images(),
            bee.options().epochs(), bee.options().imageSize()));
        md.append("| class | test images | recall | precision | F1 |\n|---|---|---|---|---|\n");
        test.perClass().forEach((label, scores) -> md.append(String.format(Locale.ROOT,
            "| %s | %d | %.3f | %.3f | %.3f |%n", label, scores.support(), scores.recall(), scores.precision(),
            scores.f1())));
        md.append("\nOptimistic, per the dataset's README: each subspecies comes from one or two hives/locations, so "
            + "class and background are confounded, and near-duplicate frames of the same hive and day sit in both "
            + "train and test. These scores say the pipeline learns; they do not predict accuracy on unseen hives "
            + "(the hidden evaluation set holds two unseen locations).\n\n");
    }

    private void appendBorneo(StringBuilder md, BorneoTransfer.Result result) {
        md.append(String.format(Locale.ROOT, "### 3. Borneo camera traps: transfer from the bee model vs from scratch "
                + "(%d train / %d test images, %d px, epochs %d, batch %d, seeds %d)%n%n", result.trainImages(),
            result.testImages(), result.options().imageSize(), result.options().epochs(), result.options().batchSize(),
            result.runs().size() / BorneoTransfer.Start.values().length));
        md.append("| start | test accuracy | test macro-F1 | seconds a run |\n|---|---|---|---|\n");
        for (BorneoTransfer.Start start : BorneoTransfer.Start.values()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f |%n", start == BorneoTransfer.Start.TRANSFER
                    ? "bee features frozen, new head (HeadTransfer)" : "seed CNN from scratch",
                result.spread(start, EvaluationSummary::accuracy).format(),
                result.spread(start, EvaluationSummary::macroF1).format(), result.seconds(start).mean()));
        }
        md.append("\nMean ± sample standard deviation (min–max) over the seeds; seconds to fit and score one run. "
            + "The test split has 21 images (2 to 8 "
            + "per class), so one image moves accuracy by 0.048 and a class's recall by up to 0.5; the spread between "
            + "seeds is of the same order as the differences. Mostly night IR/flash frames from 3 stations; no class "
            + "overlaps the bee set.\n\n");
    }

    private void appendCalibration(StringBuilder md, BeeBaseline.Result bee) {
        JsonObject c = bee.calibration();
        md.append(String.format(Locale.ROOT, "### 4. Calibration of the bee model (temperature fitted on the %d "
            + "validation images, errors on the %d test images, as `trapstream train` records them)%n%n",
            c.getInteger("validation_images"), c.getInteger("evaluation_images")));
        md.append(String.format(Locale.ROOT, "| | T | ECE, %d bins | validation NLL |%n|---|---|---|---|%n",
            c.getInteger("bins")));
        md.append(String.format(Locale.ROOT, "| before | 1 | %.4f | %.4f |%n", c.getDouble("ece_before"),
            c.getDouble("validation_nll_before")));
        md.append(String.format(Locale.ROOT, "| after temperature scaling | %.3f | %.4f | %.4f |%n%n",
            c.getDouble("temperature"), c.getDouble("ece_after"), c.getDouble("validation_nll_after")));
        md.append("T > 1 means the network was over-confident and is softened; T < 1 the opposite. Temperature "
            + "scaling never changes a prediction, only the confidences the review queue reads.\n\n");
    }

    private void appendLearningCurve(StringBuilder md, LearningCurve.Result curve) {
        int repeats = curve.seeds().size();
        md.append(String.format(Locale.ROOT, "### 5. Learning curve: bee test macro-F1 against feedback labels "
                + "(%d px, epochs %d, from scratch each round, +%d labels a round, repeats %d)%n%n",
            curve.options().imageSize(), curve.options().epochs(), curve.rounds().perRound(), repeats));
        List<LabelPicker> pickers = List.of(LabelPicker.values());
        md.append("| labels |");
        pickers.forEach(p -> md.append(" macro-F1, ").append(p.name().toLowerCase(Locale.ROOT)).append(" |"));
        pickers.forEach(p -> md.append(" accuracy, ").append(p.name().toLowerCase(Locale.ROOT)).append(" |"));
        md.append("\n|---|").append("---|".repeat(2 * pickers.size())).append('\n');
        int[] labels = curve.labels();
        for (int round = 0; round < labels.length; round++) {
            md.append("| ").append(labels[round]).append(" |");
            for (ToDoubleFunction<LearningCurve.Point> metric : List.<ToDoubleFunction<LearningCurve.Point>>of(
                    LearningCurve.Point::macroF1, LearningCurve.Point::accuracy)) {
                for (LabelPicker picker : pickers) {
                    md.append(' ').append(curve.across(picker, metric).get(round).formatRange()).append(" |");
                }
            }
            md.append('\n');
        }
        md.append(String.format(Locale.ROOT, "%n![learning curve](%s)%n%n", plot));
        md.append(String.format(Locale.ROOT, "%sReplayed from the %d-image bee train split: a stratified seed set, "
                + "then each round the next labels by %s; %d %% of the labelled images go to validation by "
                + "the trainer's SplitAssigner (hash of the image id). Labels per class at %d labels (first repeat): "
                + "%s.%n%n",
            repeats > 1 ? "Mean (min–max) over the repeats, which differ in seed: seed set, random order, weights, "
                + "augmentation. " : "One run: differences of a few hundredths are within run-to-run noise. ",
            curve.poolImages(), pickers.stream().map(LabelPicker::description).collect(Collectors.joining(", or by ")),
            options.validationPercent(), labels[labels.length - 1], pickers.stream()
                .map(p -> p.name().toLowerCase(Locale.ROOT) + " " + finalCounts(curve, p)).collect(Collectors.joining("; "))));
        int last = labels.length - 1;
        md.append(String.format(Locale.ROOT, "Calibration of each round's model, as the trainer calibrates a "
                + "retraining (temperature fitted on the round's validation share), test ECE (15 bins) before → after "
                + "at %d labels: %s.%n%n", labels[last], pickers.stream()
                .map(p -> p.name().toLowerCase(Locale.ROOT) + " " + curve.across(p, LearningCurve.Point::eceBefore)
                    .get(last).formatRange() + " → " + curve.across(p, LearningCurve.Point::eceAfter).get(last)
                    .formatRange())
                .collect(Collectors.joining("; "))));
    }

    private static Object finalCounts(LearningCurve.Result curve, LabelPicker picker) {
        List<LearningCurve.Point> points = curve.curves().get(picker).get(0);
        return points.get(points.size() - 1).labelsPerClass();
    }

    private static String num(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "–";
    }
}
