package org.trapstream.bench.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.OodScore;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.Dl4jNetworks;

/**
 * How well out-of-distribution scores tell camera-trap frames from bee photos, for the bee model of
 * {@link BeeBaseline}: each method's threshold fitted on the model's validation share as
 * {@link OutOfDistribution#fit} fits it in every training run, then its AUROC with the bee test split as
 * in-distribution and each camera-trap set as out-of-distribution, and the share of each set routed at that
 * threshold. Scores are taken on softmax rows at temperature 1, as the classifier takes them, and, beside them, the
 * Mahalanobis distance on the network's penultimate features; test and camera-trap images go through the
 * classifier's own preprocessing of the file bytes.
 */
public final class OodComparison {

    private static final int BATCH = 64;

    /** A score and its temperature. */
    public record Method(OodScore score, double temperature) {
        String name() {
            return score == OodScore.ENERGY ? String.format(Locale.ROOT, "energy, T = %s", temperature) : score.code();
        }
    }

    /**
     * The baseline, and energy on log-probabilities below T = 1 (where it grows with the row's flatness) and above
     * (where it grows with the spread of the logits).
     */
    public static final List<Method> METHODS = List.of(new Method(OodScore.MAX_SOFTMAX, 1),
        new Method(OodScore.ENERGY, 0.5), new Method(OodScore.ENERGY, 2), new Method(OodScore.ENERGY, 5),
        new Method(OodScore.ENERGY, 20), new Method(OodScore.ENERGY, 100));

    private final ModelRegistry registry;
    private final ImageLimits limits;

    public OodComparison(ModelRegistry registry, ImageLimits limits) {
        this.registry = registry;
        this.limits = limits;
    }

    /**
     * @param options  the options {@code model} was trained with by {@link BeeBaseline}, to hold out the same
     *                 validation share
     * @param outside  named folders of out-of-distribution frames (every JPEG below them)
     */
    public JsonObject run(ModelMetadata model, TrainingOptions options, FolderDataset beeTrain, FolderDataset beeTest,
                          Map<String, Path> outside) throws IOException {
        Scoring.Scorer atTemperatureOne = Scoring.of(Dl4jNetworks.restore(registry.modelFile(model)));
        Preprocessor preprocessor = new Preprocessor(model);
        FolderDataset validationShare = beeTrain.split(options.validationFraction(), options.seed()).heldOut();
        float[][] validation = Scoring.probabilities(atTemperatureOne, preprocessor,
            StrictDecode.decode(validationShare, model.inputSize(), limits), BATCH);
        float[][] test = rows(atTemperatureOne, preprocessor, beeTest.images().stream().map(LabeledImage::file).toList());
        Map<String, float[][]> outsideRows = new LinkedHashMap<>();
        for (Map.Entry<String, Path> set : outside.entrySet()) {
            outsideRows.put(set.getKey(), rows(atTemperatureOne, preprocessor, jpegsUnder(set.getValue())));
        }
        outsideRows.put("all camera-trap frames", outsideRows.values().stream().flatMap(Arrays::stream)
            .toArray(float[][]::new));

        JsonArray methods = new JsonArray();
        for (Method method : METHODS) {
            OodDetector detector = OutOfDistribution.fit(method.score(), method.temperature(), validation,
                OutOfDistribution.DEFAULT_TARGET_FPR);
            double[] inside = OutOfDistribution.scores(method.score(), method.temperature(), test);
            JsonObject sets = new JsonObject();
            outsideRows.forEach((name, rows) -> sets.put(name, setFigures(detector, inside,
                OutOfDistribution.scores(method.score(), method.temperature(), rows))));
            methods.add(new JsonObject()
                .put("method", method.name())
                .put("detector", detector.toJson())
                .put("bee_test_flagged", flaggedShare(detector, inside))
                .put("out_of_distribution", sets));
        }
        methods.add(mahalanobis(model, beeTrain.split(options.validationFraction(), options.seed()), beeTest, outside));
        return new JsonObject()
            .put("model_version", model.version())
            .put("validation_images", validation.length)
            .put("bee_test_images", test.length)
            .put("stored_detector", model.ood().map(OodDetector::toJson).orElse(null))
            .put("methods", methods);
    }

    /**
     * The Mahalanobis distance on the network's penultimate features: Gaussians fitted on the features of the
     * training share (what the network was fitted on), the threshold on the validation share's, as
     * {@link OutOfDistribution#fitOnFeatures} fits them; every image read from its file.
     */
    private JsonObject mahalanobis(ModelMetadata model, FolderDataset.Split split, FolderDataset beeTest,
                                   Map<String, Path> outside) throws IOException {
        try (LoadedModel network = registry.load(model.version())) {
            Preprocessor preprocessor = new Preprocessor(model);
            List<Path> trainFiles = split.rest().images().stream().map(LabeledImage::file).toList();
            float[][] train = features(network, preprocessor, trainFiles);
            int[] truth = Scoring.truth(model.labels(), split.rest().images().stream().map(LabeledImage::label)
                .toList());
            OodDetector detector = OutOfDistribution.fitOnFeatures(train, truth, model.labels().size(),
                features(network, preprocessor, split.heldOut().images().stream().map(LabeledImage::file).toList()),
                OutOfDistribution.DEFAULT_TARGET_FPR);
            double[] inside = distances(detector, features(network, preprocessor,
                beeTest.images().stream().map(LabeledImage::file).toList()));
            JsonObject sets = new JsonObject();
            List<double[]> all = new ArrayList<>();
            for (Map.Entry<String, Path> set : outside.entrySet()) {
                double[] scores = distances(detector, features(network, preprocessor, jpegsUnder(set.getValue())));
                all.add(scores);
                sets.put(set.getKey(), setFigures(detector, inside, scores));
            }
            sets.put("all camera-trap frames", setFigures(detector, inside,
                all.stream().flatMapToDouble(Arrays::stream).toArray()));
            return new JsonObject()
                .put("method", "mahalanobis (penultimate features, " + detector.featureWidth() + ")")
                .put("detector", detector.toJson())
                .put("train_images", train.length)
                .put("bee_test_flagged", flaggedShare(detector, inside))
                .put("out_of_distribution", sets);
        }
    }

    private static JsonObject setFigures(OodDetector detector, double[] inside, double[] outside) {
        return new JsonObject()
            .put("images", outside.length)
            .put("auroc", OutOfDistribution.auroc(inside, outside))
            .put("routed", flaggedShare(detector, outside));
    }

    private static double[] distances(OodDetector detector, float[][] features) {
        return Arrays.stream(features).mapToDouble(row -> detector.score(null, row)).toArray();
    }

    private float[][] features(LoadedModel network, Preprocessor preprocessor, List<Path> files) throws IOException {
        List<float[]> rows = new ArrayList<>(files.size());
        for (int from = 0; from < files.size(); from += BATCH) {
            List<float[]> inputs = new ArrayList<>();
            for (Path file : files.subList(from, Math.min(files.size(), from + BATCH))) {
                inputs.add(preprocessor.preprocess(Files.readAllBytes(file), limits));
            }
            rows.addAll(List.of(network.classify(preprocessor.stack(inputs), true).features()));
        }
        return rows.toArray(float[][]::new);
    }

    private float[][] rows(Scoring.Scorer scorer, Preprocessor preprocessor, List<Path> files) throws IOException {
        List<float[]> rows = new ArrayList<>(files.size());
        for (int from = 0; from < files.size(); from += BATCH) {
            List<float[]> inputs = new ArrayList<>();
            for (Path file : files.subList(from, Math.min(files.size(), from + BATCH))) {
                inputs.add(preprocessor.preprocess(Files.readAllBytes(file), limits));
            }
            rows.addAll(List.of(scorer.apply(preprocessor.stack(inputs))));
        }
        return rows.toArray(float[][]::new);
    }

    /** The JPEG files under a folder, at any depth, in path order. */
    public static List<Path> jpegsUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
                .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double flaggedShare(OodDetector detector, double[] scores) {
        return Arrays.stream(scores).filter(detector::flags).count() / (double) scores.length;
    }
}
