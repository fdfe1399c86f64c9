package org.trapstream.model.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Misclassified;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.eval.Scoring;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.OodDetector;

/**
 * Calibrates an imported network before it enters the registry, as every network trained here is calibrated:
 * a labelled folder is split in two, stratified; one half fits the softmax temperature and the out-of-distribution
 * detector, the other measures the network's scores, its calibration error before and after it and its most
 * confident mistakes. The detector is the Mahalanobis distance on the network's features where its manifest names a
 * feature output ({@link OutOfDistribution#fitOnFeaturesCrossFitted}, the fitting half being all the labelled images
 * there are), else the default on the softmax row. The draft comes back with the temperature, the detector and the
 * measurement in its metadata, and the detector with its Gaussian to save beside the network.
 *
 * @param batchSize images per inference
 * @param seed      of the stratified split
 */
record ImportCalibration(ModelRegistry registry, ImageLimits limits, int batchSize, long seed) {

    /** The share of the labelled images that fits the temperature; the rest measures. */
    private static final double FIT_SHARE = 0.5;
    /** Folds of the fitting half that score one another for the feature detector's threshold. */
    private static final int OOD_FOLDS = 5;

    /** The calibrated draft, and its detector with the feature Gaussian, if it reads features. */
    record Calibrated(ModelMetadata draft, OodDetector ood) {
    }

    /**
     * Softmax rows (and features, when asked) of the files that could be read, their true labels and their paths in
     * the folder, and why the others could not be read.
     */
    private record Rows(float[][] probabilities, float[][] features, List<String> labels, List<String> sources,
                        List<String> failures) {
    }

    /**
     * @param network  the ONNX file; verified (loaded and smoke-tested) before anything runs on it
     * @param labelled {@code <label>/<image>} folders whose labels are all the network's own
     * @throws IllegalArgumentException when a folder names a label the network does not have
     */
    Calibrated calibrate(ModelMetadata draft, Path network, FolderDataset labelled) {
        List<String> foreign = labelled.labels().stream().filter(label -> !draft.labels().contains(label)).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("--calibrate-on " + labelled.source() + ": " + foreign
                + " are not labels of the network (its labels: " + draft.labels() + ")");
        }
        FolderDataset.Split split = labelled.split(FIT_SHARE, seed);
        Rows validation;
        Rows evaluation;
        boolean features = draft.network().featureOutput() != null;
        try (LoadedModel model = registry.verify("import of " + network.getFileName(), draft, network)) {
            validation = rows(model, split.heldOut(), features);
            evaluation = rows(model, split.rest(), false);
        }
        List<String> labels = draft.labels();
        // Too few images to hold folds out leave the detector on the softmax row.
        OodDetector ood = features && validation.features().length >= 2 * OOD_FOLDS
            ? OutOfDistribution.fitOnFeaturesCrossFitted(validation.features(),
                Scoring.truth(labels, validation.labels()), labels.size(), OOD_FOLDS,
                OutOfDistribution.DEFAULT_TARGET_FPR)
            : OutOfDistribution.fitDefault(validation.probabilities());
        Calibration calibration = Calibration.measure(validation.probabilities(),
            Scoring.truth(labels, validation.labels()), evaluation.probabilities(),
            Scoring.truth(labels, evaluation.labels()));
        EvaluationSummary scores = Scoring.score(labels, evaluation.labels(), evaluation.probabilities()).summary();
        JsonObject metrics = scores.toJson()
            .put("evaluated_on", "calibration set, measuring half")
            .put(Calibration.METRICS_KEY, calibration.toJson())
            .put(OodDetector.METRICS_KEY, ood.toJson())
            .put(Misclassified.METRICS_KEY, Misclassified.toJson(Misclassified.mostConfident(labels,
                evaluation.labels(), evaluation.probabilities(), evaluation.sources(), calibration.temperature())));
        List<String> failures = new ArrayList<>(validation.failures());
        failures.addAll(evaluation.failures());
        JsonObject data = new JsonObject()
            .put("source", labelled.source().toString())
            .put("validation", split.heldOut().summary())
            .put("test", split.rest().summary())
            .put("decode_failures", new JsonArray(failures));
        return new Calibrated(draft.withTraining(null, metrics, new JsonArray(), data, new JsonObject())
            .withTemperature(calibration.temperature()), ood);
    }

    private Rows rows(LoadedModel model, FolderDataset images, boolean withFeatures) {
        Map<Path, String> truth = new HashMap<>();
        images.images().forEach(image -> truth.put(image.file(), image.label()));
        List<float[]> probabilities = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        new FileClassifier(model, limits, batchSize, withFeatures).classify(images.images().stream()
            .map(LabeledImage::file).toList(), outcome -> {
                if (outcome.failed()) {
                    failures.add(outcome.file() + ": " + outcome.error());
                } else {
                    probabilities.add(outcome.probabilities());
                    features.add(outcome.features());
                    labels.add(truth.get(outcome.file()));
                    sources.add(images.relativeName(outcome.file()));
                }
            });
        return new Rows(probabilities.toArray(float[][]::new), features.toArray(float[][]::new), labels, sources,
            failures);
    }
}
