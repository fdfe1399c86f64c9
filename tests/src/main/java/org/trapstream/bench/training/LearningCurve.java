package org.trapstream.bench.training;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.trainer.labels.Split;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * Figure 5: test macro-F1 against the number of feedback labels, replaying the bee train split as if reviewers
 * labelled it a batch at a time. Within a repeat every picker's curve starts from the same stratified seed set and the
 * same first model; each round a {@link LabelPicker} chooses the next images, a new model is trained from
 * scratch on all labels so far by the model module's {@link Trainer}, and scored on the same test split. As in
 * the trainer role, the trainer's {@link SplitAssigner} sends each labelled image to training or validation by
 * its id, so the validation share grows with the labels and an image never changes sides. Repeats differ in
 * their seed (seed set, random order, weights, shuffling and augmentation), which is what the spread shows.
 */
public record LearningCurve(ModelRegistry registry, ImageLimits limits, SplitAssigner splits, PrintStream progress) {

    /** How the labels arrive: a seed set, then {@code perRound} more a round until {@code maxLabels}. */
    public record Rounds(int seedLabels, int perRound, int maxLabels) {
    }

    /** One round: the labels so far and how the model trained on them scored on the test split. */
    /**
     * @param eceBefore the test split's expected calibration error (15 bins) before the temperature the round's
     *                  training fitted on its validation share, {@code eceAfter} after it: the trainer's calibration
     *                  on a retraining from feedback labels
     */
    public record Point(int labels, int fitImages, int validationImages, double macroF1, double accuracy,
                        double eceBefore, double eceAfter, double pickSeconds, double trainSeconds,
                        Map<String, Integer> labelsPerClass) {

        Point picked(double seconds) {
            return new Point(labels, fitImages, validationImages, macroF1, accuracy, eceBefore, eceAfter, seconds,
                trainSeconds, labelsPerClass);
        }

        JsonObject toJson() {
            return new JsonObject().put("labels", labels).put("fit_images", fitImages)
                .put("validation_images", validationImages).put("test_macro_f1", macroF1)
                .put("test_accuracy", accuracy).put("test_ece_before", eceBefore).put("test_ece_after", eceAfter)
                .put("pick_seconds", pickSeconds).put("train_seconds", trainSeconds)
                .put("labels_per_class", new JsonObject(new LinkedHashMap<String, Object>(labelsPerClass)));
        }
    }

    /** @param curves per picker, one list of points per repeat, all repeats with the same label counts */
    public record Result(TrainingOptions options, List<Long> seeds, int poolImages, Rounds rounds,
                         Map<LabelPicker, List<List<Point>>> curves) {

        /** The label count of each round. */
        public int[] labels() {
            return curves.get(LabelPicker.RANDOM).get(0).stream().mapToInt(Point::labels).toArray();
        }

        /** Per round, {@code metric} over the repeats. */
        public List<Spread> across(LabelPicker picker, ToDoubleFunction<Point> metric) {
            List<List<Point>> repeats = curves.get(picker);
            return IntStream.range(0, labels().length)
                .mapToObj(round -> Spread.of(repeats.stream()
                    .map(points -> metric.applyAsDouble(points.get(round))).toList()))
                .toList();
        }

        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("image_size", options.imageSize()).put("epochs", options.epochs())
                .put("batch_size", options.batchSize()).put("seeds", new JsonArray(seeds))
                .put("pool_images", poolImages).put("seed_labels", rounds.seedLabels())
                .put("labels_per_round", rounds.perRound()).put("max_labels", rounds.maxLabels());
            curves.forEach((picker, repeats) -> json.put(picker.name().toLowerCase(Locale.ROOT), new JsonObject()
                .put("strategy", picker.description())
                .put("mean_test_macro_f1", new JsonArray(across(picker, Point::macroF1).stream()
                    .map(Spread::mean).toList()))
                .put("repeats", new JsonArray(repeats.stream()
                    .map(points -> new JsonArray(points.stream().map(Point::toJson).toList())).toList()))));
            return json;
        }
    }

    /**
     * @param optionsPerRepeat the training options of each repeat, same input size, differing in seed
     * @param pool             the images reviewers would label, with their true labels
     */
    public Result run(List<TrainingOptions> optionsPerRepeat, FolderDataset pool, FolderDataset test, Rounds rounds) {
        int size = optionsPerRepeat.get(0).imageSize();
        List<PoolImage> images = pool.images().parallelStream().map(image -> PoolImage.read(image, size, limits))
            .toList();
        Map<LabeledImage, PoolImage> byFile = images.stream()
            .collect(Collectors.toMap(PoolImage::source, Function.identity()));
        Map<LabelPicker, List<List<Point>>> curves = new EnumMap<>(LabelPicker.class);
        for (TrainingOptions options : optionsPerRepeat) {
            List<PoolImage> seedSet = pool.split((double) rounds.seedLabels() / images.size(), options.seed())
                .heldOut().images().stream().map(byFile::get).toList();
            List<PoolImage> unlabelled = new ArrayList<>(images);
            unlabelled.removeAll(new HashSet<>(seedSet));
            Collections.shuffle(unlabelled, new Random(options.seed()));

            Trainer trainer = new Trainer(registry, options, limits, progress, false);
            Round first = train(trainer, pool, test, seedSet);
            for (LabelPicker picker : LabelPicker.values()) {
                curves.computeIfAbsent(picker, p -> new ArrayList<>())
                    .add(curve(trainer, pool, test, picker, first, unlabelled, rounds));
            }
        }
        return new Result(optionsPerRepeat.get(0), optionsPerRepeat.stream().map(TrainingOptions::seed).toList(),
            images.size(), rounds, curves);
    }

    private record Round(ModelMetadata model, List<PoolImage> labelled, Point point) {
    }

    private List<Point> curve(Trainer trainer, FolderDataset pool, FolderDataset test, LabelPicker picker, Round first,
                              List<PoolImage> unlabelledAtStart, Rounds rounds) {
        List<PoolImage> labelled = new ArrayList<>(first.labelled());
        List<PoolImage> unlabelled = new ArrayList<>(unlabelledAtStart);
        List<Point> points = new ArrayList<>(List.of(first.point()));
        Round current = first;
        while (labelled.size() < rounds.maxLabels() && !unlabelled.isEmpty()) {
            int count = Math.min(rounds.perRound(), rounds.maxLabels() - labelled.size());
            long started = System.nanoTime();
            List<PoolImage> picked = picker.pick(unlabelled, count, registry.load(current.model().version()));
            double pickSeconds = (System.nanoTime() - started) / 1e9;
            unlabelled.removeAll(new HashSet<>(picked));
            labelled.addAll(picked);
            progress.printf("learning curve, %s: %d labels%n", picker.name().toLowerCase(Locale.ROOT),
                labelled.size());
            current = train(trainer, pool, test, labelled);
            points.add(current.point().picked(pickSeconds));
        }
        return points;
    }

    /** Trains from scratch on {@code labelled}, split into training and validation by image id. */
    private Round train(Trainer trainer, FolderDataset pool, FolderDataset test, List<PoolImage> labelled) {
        long started = System.nanoTime();
        List<LabeledImage> fit = new ArrayList<>();
        List<LabeledImage> validation = new ArrayList<>();
        for (PoolImage image : labelled) {
            (splits.splitOf(image.id()) == Split.VALIDATION ? validation : fit).add(image.source());
        }
        ModelMetadata model = trainer.train(new FolderDataset(pool.source(), pool.labels(), fit),
            new FolderDataset(pool.source(), pool.labels(), validation), test, null);
        Map<String, Integer> perClass = new TreeMap<>();
        labelled.forEach(image -> perClass.merge(image.label(), 1, Integer::sum));
        JsonObject calibration = model.metrics().getJsonObject(Calibration.METRICS_KEY, new JsonObject());
        return new Round(model, List.copyOf(labelled), new Point(labelled.size(), fit.size(), validation.size(),
            model.metric("macro_f1"), model.metric("accuracy"), calibration.getDouble("ece_before", Double.NaN),
            calibration.getDouble("ece_after", Double.NaN), 0, (System.nanoTime() - started) / 1e9, perClass));
    }
}
