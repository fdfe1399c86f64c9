package org.trapstream.trainer.training;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.trapstream.model.eval.Scoring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedDataset;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.train.FitResult;
import org.trapstream.model.train.TrainedVersion;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.Backend;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelStatus;
import org.trapstream.serving.ModelVerificationException;
import org.trapstream.serving.NetworkIo;
import org.trapstream.serving.Preprocessor;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.labels.Split;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * One retraining run, start to finish, on the calling (training) thread:
 * <ol>
 *   <li>snapshot the labels and cut them into train / validation / frozen evaluation by image id;</li>
 *   <li>choose the {@link StartPoint}: the serving model's features with a new head, or from scratch;</li>
 *   <li>fit the candidate (the model module's {@link Trainer#fit}) and its softmax temperature on the validation split
 *       ({@link TemperatureScaling});</li>
 *   <li>score the candidate and the serving model on the same frozen evaluation images;</li>
 *   <li>let the {@link PromotionGate} decide, save the candidate with everything above in its metadata
 *       (rejected ones too, with the reason), and promote it when the gate says so.</li>
 * </ol>
 * Blocking and CPU-heavy. Cancellation is checked between the steps and between epochs; once a candidate is
 * saved the run completes.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Thrown when the labels cannot train a classifier yet (fewer than two classes with training images). */
    public static final class NotEnoughLabelsException extends RuntimeException {
        NotEnoughLabelsException(String message) {
            super(message);
        }
    }


    private final LabelStore labels;
    private final ImageStore images;
    private final ModelRegistry registry;
    private final SplitAssigner splits;
    private final PromotionGate gate;
    private final TrainingOptions options;
    private final ImageLimits limits;
    private final int fullEvery;

    public TrainingRun(LabelStore labels, ImageStore images, ModelRegistry registry, SplitAssigner splits,
                       PromotionGate gate, TrainingOptions options, ImageLimits limits, int fullEvery) {
        this.labels = labels;
        this.images = images;
        this.registry = registry;
        this.splits = splits;
        this.gate = gate;
        this.options = options;
        this.limits = limits;
        this.fullEvery = fullEvery;
    }

    /** A candidate network before it is fitted, with the preprocessing it is fitted under. */
    private record Start(MultiLayerNetwork network, int inputSize, List<Double> mean, List<Double> std,
                         JsonObject architecture, String parentVersion, String reason) {
    }

    public RunResult run(BooleanSupplier cancelled) {
        Backend.init();
        long started = System.nanoTime();
        LabelSnapshot snapshot = labels.snapshot();
        Map<Split, List<LabelRecord>> parts = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            parts.put(split, snapshot.in(split, splits));
        }
        List<String> classes = snapshot.labels();
        long trainedClasses = parts.get(Split.TRAIN).stream().map(LabelRecord::label).distinct().count();
        if (trainedClasses < 2) {
            throw new NotEnoughLabelsException("the training split has images of " + trainedClasses
                + " class(es); a classifier needs two or more");
        }
        Optional<ModelMetadata> serving = registry.promoted();
        LOG.info("Training run on snapshot {}: {} images, classes {}, splits train {} / validation {} / evaluation {}",
            snapshot.id().substring(0, 12), snapshot.size(), snapshot.classCounts(), parts.get(Split.TRAIN).size(),
            parts.get(Split.VALIDATION).size(), parts.get(Split.EVALUATION).size());

        StartPoint point = StartPoint.choose(serving, classes, fullEvery);
        Optional<MultiLayerNetwork> parentNetwork = point.parent().flatMap(this::restoreForTransfer);
        if (point.parent().isPresent() && parentNetwork.isEmpty()) {
            point = StartPoint.scratch(point.parent().get().version() + " has no convolutional features to transfer");
        }
        int inputSize = point.parent().map(ModelMetadata::inputSize).orElse(options.imageSize());
        DecodedDataset train = decode(parts.get(Split.TRAIN), classes, inputSize);
        DecodedDataset validation = decode(parts.get(Split.VALIDATION), classes, inputSize);
        DecodedDataset evaluation = decode(parts.get(Split.EVALUATION), classes, inputSize);
        Start start = parentNetwork.isPresent()
            ? head(point, parentNetwork.get(), classes)
            : scratch(point, classes, train, serving.map(ModelMetadata::version).orElse(null));
        double decodeSeconds = seconds(started);
        checkCancelled(cancelled);

        long fitStarted = System.nanoTime();
        Preprocessor preprocessor = new Preprocessor(start.inputSize(), start.mean(), start.std());
        FitResult fit = new Trainer(registry, options, limits).fit(start.network(), classes, preprocessor,
            train.images(), validation.images(), cancelled);
        MultiLayerNetwork candidate = HeadTransfer.unfrozen(start.network());
        double fitSeconds = seconds(fitStarted);
        checkCancelled(cancelled);

        Scoring.Scorer candidateModel = Scoring.of(candidate);
        TemperatureScaling.Fit calibration = TemperatureScaling.fit(Scoring.probabilities(candidateModel,
            preprocessor, validation.images(), options.batchSize()), Scoring.truth(classes, validation.images()));
        checkCancelled(cancelled);

        long evaluationStarted = System.nanoTime();
        Verdict verdict = judge(candidateModel, preprocessor, classes, evaluation, parts.get(Split.EVALUATION), serving);
        double evaluationSeconds = seconds(evaluationStarted);
        checkCancelled(cancelled);

        JsonObject metrics = verdict.candidate().toJson()
            .put("evaluated_on", "frozen evaluation split")
            .put("best_epoch", fit.bestEpoch())
            .put("val_loss", fit.bestValidationLoss())
            .put("calibration", calibration.toJson()
                .put("evaluation_ece_before", verdict.calibrationError(1))
                .put("evaluation_ece_after", verdict.calibrationError(calibration.temperature())))
            .put("current_model", verdict.current())
            .put("gate", verdict.decision().toJson());
        JsonObject data = snapshot.toJson()
            .put("source", "labels")
            .put("splits", splitCounts(parts))
            .put("decode_failures", new JsonArray(concat(train.failures(), validation.failures(), evaluation.failures())));
        JsonObject timings = new JsonObject()
            .put("decode_seconds", decodeSeconds)
            .put("train_seconds", fitSeconds)
            .put("seconds_per_epoch", fitSeconds / Math.max(1, fit.history().size()))
            .put("evaluate_seconds", evaluationSeconds)
            .put("total_seconds", seconds(started));
        GateDecision decision = verdict.decision();
        ModelMetadata draft = ModelMetadata.draft(withClassWeights(start.architecture(), fit), classes,
                start.inputSize(), start.mean(), start.std())
            .withTraining(start.parentVersion(), metrics, fit.history(), data, timings)
            .withTemperature(calibration.temperature());
        if (!decision.promote()) {
            draft = draft.withStatus(ModelStatus.REJECTED, decision.reason());
        }
        ModelMetadata saved = registry.save(TrainedVersion.of(candidate), draft);
        ModelAnnouncement announcement = decision.promote() ? registry.promote(saved.version()) : null;
        LOG.info("Candidate {} ({}): macro-F1 {} on {} frozen evaluation images; {}: {}", saved.version(),
            start.reason(), verdict.candidate().macroF1(), verdict.candidate().images(),
            decision.promote() ? "promoted" : "rejected", decision.reason());
        return new RunResult(decision.promote() ? RunOutcome.PROMOTED : RunOutcome.REJECTED, saved.version(),
            decision.reason(), announcement, snapshot.logPosition(),
            Duration.ofNanos(System.nanoTime() - started), Instant.now());
    }

    /**
     * The candidate's and the serving model's scores on the frozen evaluation images, and the gate's decision.
     *
     * @param current the serving model's version and scores (or why it could not be scored) for the metadata
     */
    private record Verdict(EvaluationSummary candidate, JsonObject current, GateDecision decision,
                           float[][] candidateProbabilities, int[] truth) {

        double calibrationError(double temperature) {
            return TemperatureScaling.expectedCalibrationError(candidateProbabilities, truth, temperature);
        }
    }

    private Verdict judge(Scoring.Scorer candidateModel, Preprocessor preprocessor, List<String> classes,
                          DecodedDataset evaluation, List<LabelRecord> evaluationRecords,
                          Optional<ModelMetadata> serving) {
        float[][] probabilities = Scoring.probabilities(candidateModel, preprocessor, evaluation.images(),
            options.batchSize());
        EvaluationSummary candidate = Scoring.score(classes, evaluation.images(), probabilities).summary();
        JsonObject current = new JsonObject();
        Optional<EvaluationSummary> currentScores = serving.flatMap(model ->
            scoreServing(model, evaluationRecords, classes, evaluation, preprocessor.inputSize(), current));
        return new Verdict(candidate, current, gate.decide(candidate, currentScores), probabilities,
            Scoring.truth(classes, evaluation.images()));
    }

    /** The serving model's features, frozen, under a head sized for {@code classes}. */
    private Start head(StartPoint point, MultiLayerNetwork parentNetwork, List<String> classes) {
        ModelMetadata parent = point.parent().orElseThrow();
        JsonObject architecture = parent.architecture().copy().put(StartPoint.TRANSFER, new JsonObject()
            .put("from", parent.version())
            .put(StartPoint.HEAD_RUNS, StartPoint.headRuns(parent) + 1)
            .put("epochs", options.epochs())
            .put("learning_rate", options.learningRate()));
        MultiLayerNetwork network = HeadTransfer.forLabels(parentNetwork, parent.labels(), classes,
            options.learningRate(), options.seed());
        // Frozen features only make sense under the normalisation they were learned with.
        return new Start(network, parent.inputSize(), parent.mean(), parent.std(), architecture, parent.version(),
            point.reason());
    }

    /** A new seed CNN; normalisation statistics from the training split only, so nothing of the evaluation leaks. */
    private Start scratch(StartPoint point, List<String> classes, DecodedDataset train, String parentVersion) {
        ChannelStats stats = ChannelStats.of(train.pictures());
        MultiLayerNetwork network = options.architecture()
            .build(options.imageSize(), classes.size(), options.learningRate(), options.seed());
        return new Start(network, options.imageSize(), stats.mean(), stats.std(), options.toJson(), parentVersion,
            point.reason());
    }

    /**
     * The serving network, verified by the registry first; empty when it is not a convolutional stack trained
     * here (an imported network's head is retrained from its features instead).
     */
    private Optional<MultiLayerNetwork> restoreForTransfer(ModelMetadata parent) {
        if (parent.network().format() != NetworkIo.Format.DL4J) {
            return Optional.empty();
        }
        try {
            registry.load(parent.version()).close();
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                registry.modelFile(parent).toFile(), false);
            return HeadTransfer.applies(network) ? Optional.of(network) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot transfer from {}: {}", parent.version(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Scores the serving model on the frozen evaluation images at its own input size (reusing {@code decoded} when
     * that is the size they were decoded at); fills
     * {@code report} with its version and scores (or why it could not be scored).
     */
    private Optional<EvaluationSummary> scoreServing(ModelMetadata current, List<LabelRecord> evaluationRecords,
                                                     List<String> classes, DecodedDataset decoded, int decodedSize,
                                                     JsonObject report) {
        report.put("version", current.version());
        LoadedModel model;
        try {
            model = registry.load(current.version());
        } catch (ModelVerificationException e) {
            LOG.warn("The serving model cannot be scored, judging the candidate alone: {}", e.getMessage());
            report.put("error", e.getMessage());
            return Optional.empty();
        }
        DecodedDataset images = current.inputSize() == decodedSize
            ? decoded : decode(evaluationRecords, classes, current.inputSize());
        EvaluationSummary scores = Scoring.score(Scoring.of(model), new Preprocessor(current), current.labels(),
            images.images(), options.batchSize()).summary();
        report.mergeIn(scores.toJson());
        return Optional.of(scores);
    }

    private DecodedDataset decode(List<LabelRecord> records, List<String> classes, int inputSize) {
        List<LabeledImage> files = records.stream()
            .map(r -> new LabeledImage(images.pathOf(r.imageId()), r.label()))
            .toList();
        return DecodedDataset.decode(new FolderDataset(images.root(), classes, files), inputSize, limits);
    }

    /** Each image's class index in {@code classes} (every snapshot label is one of them). */
    private static JsonObject splitCounts(Map<Split, List<LabelRecord>> parts) {
        JsonObject counts = new JsonObject();
        parts.forEach((split, records) -> {
            JsonObject perClass = new JsonObject();
            records.forEach(r -> perClass.put(r.label(), perClass.getInteger(r.label(), 0) + 1));
            counts.put(split.code(), new JsonObject().put("images", records.size()).put("per_class", perClass));
        });
        return counts;
    }

    /** The loss weights the fit used, beside the training options (an empty object: an unweighted loss). */
    private static JsonObject withClassWeights(JsonObject architecture, FitResult fit) {
        JsonObject training = architecture.getJsonObject("training", new JsonObject()).copy()
            .put("class_weights", fit.classWeightsJson());
        return architecture.copy().put("training", training);
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("training run cancelled");
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
