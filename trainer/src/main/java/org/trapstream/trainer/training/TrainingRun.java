package org.trapstream.trainer.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.image.store.ImageStore;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedDataset;
import org.trapstream.model.data.EvaluationPictures;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.train.Candidate;
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
import org.trapstream.serving.engine.OnnxHead;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.labels.Split;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * One retraining run, start to finish, on the calling (training) thread:
 * <ol>
 *   <li>snapshot the labels and cut them into train / validation / frozen evaluation by a hash of the image id,
 *       or of its camera once the labels name enough cameras ({@link SplitAssigner});</li>
 *   <li>choose the {@link StartPoint}: the serving model's features with a new head, or from scratch;</li>
 *   <li>fit, calibrate and evaluate the candidate on the frozen evaluation images, as every training path does
 *       ({@link Trainer#candidate}; a head on an imported backbone: {@link HeadFit} and {@link Candidate#evaluate});</li>
 *   <li>score the serving model on the same frozen evaluation images;</li>
 *   <li>let the {@link PromotionGate} decide, save the candidate with everything above in its metadata
 *       (rejected ones too, with the reason), and promote it when the gate says so.</li>
 * </ol>
 * Blocking and CPU-heavy. Cancellation is checked between the steps and between epochs; once a candidate is
 * saved the run completes.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Key in a head's architecture metadata: the imported version whose features it was trained on. */
    static final String BACKBONE = "backbone";
    /** The output a head appended to an imported network answers on. */
    static final String HEAD_OUTPUT = "trapstream_head";

    /** Thrown when the labels cannot train a classifier yet (fewer than two classes with training images). */
    public static final class NotEnoughLabelsException extends RuntimeException {
        NotEnoughLabelsException(String message) {
            super(message);
        }
    }


    /**
     * How runs split the labels, train and judge, read once from the trainer's configuration.
     *
     * @param fullEvery every how many runs in a row the whole network trains rather than a head ({@link StartPoint})
     */
    public record Settings(SplitAssigner splits, PromotionGate gate, TrainingOptions options, ImageLimits limits,
                           int fullEvery) {

        public static Settings from(TrapstreamConfig config) {
            return new Settings(SplitAssigner.from(config), PromotionGate.from(config), TrainingOptions.from(config),
                ImageLimits.from(config), config.getInt(TrainerConfig.RETRAIN_FULL_EVERY));
        }
    }

    private final LabelStore labels;
    private final ImageStore images;
    private final ModelRegistry registry;
    private final Settings settings;
    private final TrainingOptions options;
    private final ImageLimits limits;
    private final Path featureCache;

    public TrainingRun(LabelStore labels, ImageStore images, ModelRegistry registry, Settings settings) {
        this.labels = labels;
        this.images = images;
        this.registry = registry;
        this.settings = settings;
        this.options = settings.options();
        this.limits = settings.limits();
        // Beside the registry, in the data dir every role mounts.
        this.featureCache = registry.root().resolveSibling("features");
    }

    /** A candidate network before it is fitted, with the preprocessing it is fitted under. */
    private record Start(MultiLayerNetwork network, int inputSize, List<Double> mean, List<Double> std,
                         JsonObject architecture, String parentVersion, String reason) {
    }

    public RunResult run(BooleanSupplier cancelled) {
        Backend.init();
        long started = System.nanoTime();
        LabelSnapshot snapshot = labels.snapshot();
        SplitAssigner.Assignment assignment = settings.splits().assign(snapshot.records());
        Map<Split, List<LabelRecord>> parts = assignment.parts();
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

        Optional<ModelMetadata> backbone = serving.flatMap(this::backboneOf);
        if (backbone.isPresent()) {
            return headOnBackbone(backbone.get(), serving.get(), snapshot, assignment, classes, started, cancelled);
        }
        StartPoint point = StartPoint.choose(serving, classes, assignment.scheme(), settings.fullEvery());
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
        Candidate candidate = new Trainer(registry, options, limits).candidate(start.network(), classes, preprocessor,
            train.images(), validation.images(), evaluation.images(), cancelled);
        double candidateSeconds = seconds(fitStarted);
        checkCancelled(cancelled);

        long judgeStarted = System.nanoTime();
        Verdict verdict = judge(candidate, parts.get(Split.EVALUATION), serving);
        checkCancelled(cancelled);

        JsonObject timings = new JsonObject()
            .put("decode_seconds", decodeSeconds)
            .put("train_seconds", candidate.fit().seconds())
            .put("seconds_per_epoch", candidate.fit().secondsPerEpoch())
            .put("evaluate_seconds", candidateSeconds - candidate.fit().seconds() + seconds(judgeStarted));
        ModelMetadata draft = ModelMetadata.draft(withClassWeights(start.architecture(), candidate.fit()), classes,
            start.inputSize(), start.mean(), start.std());
        JsonObject data = dataJson(snapshot, assignment,
            concat(train.failures(), validation.failures(), evaluation.failures()));
        return finish(draft, candidate, start.parentVersion(), start.reason(), verdict, data, timings,
            TrainedVersion.of(HeadTransfer.unfrozen(start.network()))
                .showing(EvaluationPictures.decoded(evaluation.images())), snapshot, started);
    }

    /**
     * The end every run shares: the candidate's metadata (scores, calibration, the gate's decision, data, timings),
     * saved (rejected ones too, with the reason) and promoted when the gate says so.
     */
    private RunResult finish(ModelMetadata draft, Candidate candidate, String parentVersion, String reason,
                             Verdict verdict, JsonObject data, JsonObject timings, ModelRegistry.Contents contents,
                             LabelSnapshot snapshot, long started) {
        JsonObject metrics = candidate.metrics()
            .put("evaluated_on", "frozen evaluation split")
            .put("current_model", verdict.current())
            .put("gate", verdict.decision().toJson());
        GateDecision decision = verdict.decision();
        ModelMetadata described = candidate.describe(draft, parentVersion, metrics, data,
            timings.put("total_seconds", seconds(started)));
        if (!decision.promote()) {
            described = described.withStatus(ModelStatus.REJECTED, decision.reason());
        }
        ModelMetadata saved = registry.save(contents.servedWith(candidate.ood()), described);
        ModelAnnouncement announcement = decision.promote() ? registry.promote(saved.version()) : null;
        LOG.info("Candidate {} ({}): macro-F1 {} on {} frozen evaluation images, temperature {} (ECE {} -> {}); {}: {}",
            saved.version(), reason, candidate.evaluation().macroF1(), candidate.evaluation().images(),
            candidate.calibration().temperature(), candidate.calibration().eceBefore(),
            candidate.calibration().eceAfter(), decision.promote() ? "promoted" : "rejected", decision.reason());
        return new RunResult(decision.promote() ? RunOutcome.PROMOTED : RunOutcome.REJECTED, saved.version(),
            decision.reason(), announcement, snapshot.logPosition(),
            Duration.ofNanos(System.nanoTime() - started), Instant.now());
    }

    /**
     * What the candidate was trained on. {@code cameras} lists the cameras of the streamed labels it trained on,
     * so the classifiers send the first images of any other camera to review ({@link ModelMetadata#trainedCameras}).
     */
    private static JsonObject dataJson(LabelSnapshot snapshot, SplitAssigner.Assignment assignment,
                                       List<String> failures) {
        List<String> cameras = Stream.of(Split.TRAIN, Split.VALIDATION).flatMap(split -> assignment.of(split).stream())
            .filter(r -> LabelRecord.SOURCE_FEEDBACK.equals(r.source()) && r.site() != null)
            .map(LabelRecord::site).distinct().sorted().toList();
        return snapshot.toJson()
            .put("source", "labels")
            .put(StartPoint.SPLIT_BY, assignment.scheme().code())
            .put("splits", splitCounts(assignment.parts()))
            .put(ModelMetadata.CAMERAS_KEY, new JsonArray(cameras))
            .put("decode_failures", new JsonArray(failures));
    }

    /**
     * The serving model's scores on the frozen evaluation images, and the gate's decision on the candidate.
     *
     * @param current the serving model's version and scores (or why it could not be scored) for the metadata
     */
    private record Verdict(JsonObject current, GateDecision decision) {
    }

    private Verdict judge(Candidate candidate, List<LabelRecord> evaluationRecords, Optional<ModelMetadata> serving) {
        JsonObject current = new JsonObject();
        Optional<EvaluationSummary> currentScores = serving.flatMap(model ->
            scoreServing(model, evaluationRecords, current));
        return new Verdict(current, settings.gate().decide(candidate.evaluation(), currentScores));
    }

    /**
     * The imported network whose features a new head is trained on: the serving version itself when it names a
     * feature output, or the backbone a serving head was trained on.
     */
    private Optional<ModelMetadata> backboneOf(ModelMetadata serving) {
        JsonObject trainedOn = serving.architecture().getJsonObject(BACKBONE);
        try {
            ModelMetadata candidate = trainedOn == null ? serving : registry.metadata(trainedOn.getString("version"));
            return BackboneFeatures.canServeAsBackbone(candidate) ? Optional.of(candidate) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("The backbone of {} is gone ({}): training from scratch", serving.version(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Transfer on an imported backbone: its features for every labelled image (cached per image and backbone),
     * a new head fitted on them ({@link HeadFit}), calibrated and judged like any candidate, and saved as the
     * backbone's network with the head appended ({@link OnnxHead}), served by the same engine.
     */
    private RunResult headOnBackbone(ModelMetadata backbone, ModelMetadata serving, LabelSnapshot snapshot,
                                     SplitAssigner.Assignment assignment, List<String> classes, long started,
                                     BooleanSupplier cancelled) {
        try (BackboneFeatures extractor = new BackboneFeatures(registry, backbone, featureCache, images, limits)) {
            BackboneFeatures.Features train = extractor.of(assignment.of(Split.TRAIN));
            BackboneFeatures.Features validation = extractor.of(assignment.of(Split.VALIDATION));
            BackboneFeatures.Features evaluation = extractor.of(assignment.of(Split.EVALUATION));
            double featureSeconds = seconds(started);
            checkCancelled(cancelled);

            long fitStarted = System.nanoTime();
            HeadFit.Head head = HeadFit.fit(train.vectors(), Scoring.truth(classes, train.labels()),
                validation.vectors(), Scoring.truth(classes, validation.labels()), classes.size(),
                options.learningRate(), options.seed(), cancelled);
            double fitSeconds = seconds(fitStarted);

            long evaluationStarted = System.nanoTime();
            // The backbone's features are at hand: the detector reads them rather than the softmax row (BENCHMARKS.md).
            Candidate candidate = Candidate.evaluate(head.fitResult(), classes, head.probabilities(validation.vectors()),
                    validation.labels(), head.probabilities(evaluation.vectors()), evaluation.labels(),
                    evaluation.imageIds())
                .withOod(OutOfDistribution.fitOnFeatures(train.vectors(), Scoring.truth(classes, train.labels()),
                    classes.size(), validation.vectors(), OutOfDistribution.DEFAULT_TARGET_FPR));
            Verdict verdict = judge(candidate, assignment.of(Split.EVALUATION), Optional.of(serving));
            JsonObject timings = new JsonObject()
                .put("feature_seconds", featureSeconds)
                .put("features_computed", extractor.computed())
                .put("features_cached", extractor.cached())
                .put("train_seconds", fitSeconds)
                .put("seconds_per_epoch", fitSeconds / Math.max(1, head.history().size()))
                .put("evaluate_seconds", seconds(evaluationStarted));

            JsonObject architecture = backbone.architecture().copy()
                .put(BACKBONE, new JsonObject().put("version", backbone.version()).put("sha256", backbone.sha256())
                    .put("features", head.features()))
                .put("head", new JsonObject().put("kind", "softmax regression").put("max_epochs", HeadFit.MAX_EPOCHS)
                    .put("patience", HeadFit.PATIENCE).put("learning_rate", options.learningRate()));
            ModelMetadata draft = ModelMetadata.draft(architecture, classes, backbone.inputSize(), backbone.mean(),
                    backbone.std())
                .withNetwork(backbone.network().withOutput(HEAD_OUTPUT, NetworkIo.OutputKind.LOGITS));
            JsonObject data = dataJson(snapshot, assignment,
                concat(train.failures(), validation.failures(), evaluation.failures()));
            byte[] backboneBytes = Files.readAllBytes(registry.modelFile(backbone));
            ModelRegistry.Contents network = file -> Files.write(file, OnnxHead.append(backboneBytes,
                backbone.network().featureOutput(), head.weights(), head.features(), head.bias(), HEAD_OUTPUT));
            return finish(draft, candidate, serving.version(), "new head on the features of " + backbone.version(),
                verdict, data, timings, TrainedVersion.of(network)
                    .showing(EvaluationPictures.reread(images::pathOf, new Preprocessor(backbone), limits)),
                snapshot, started);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use " + backbone.version() + " as a backbone", e);
        }
    }

    /**
     * Scores the serving model on the frozen evaluation images read from the store through its own preprocessing;
     * fills {@code report} with its version and scores (or why it could not be scored).
     */
    private Optional<EvaluationSummary> scoreServing(ModelMetadata current, List<LabelRecord> evaluationRecords,
                                                     JsonObject report) {
        report.put("version", current.version());
        try (LoadedModel model = registry.load(current.version())) {
            Preprocessor preprocessor = new Preprocessor(current);
            List<String> truth = new ArrayList<>();
            List<float[]> rows = new ArrayList<>();
            List<float[]> inputs = new ArrayList<>();
            for (LabelRecord record : evaluationRecords) {
                try {
                    inputs.add(preprocessor.preprocess(Files.readAllBytes(images.pathOf(record.imageId())), limits));
                    truth.add(record.label());
                } catch (IOException | ImageRejectedException e) {
                    LOG.debug("Not scoring {}: {}", record.imageId(), e.getMessage());
                }
                if (inputs.size() == options.batchSize()) {
                    rows.addAll(List.of(model.predict(preprocessor.stack(inputs))));
                    inputs.clear();
                }
            }
            if (!inputs.isEmpty()) {
                rows.addAll(List.of(model.predict(preprocessor.stack(inputs))));
            }
            EvaluationSummary scores = Scoring.score(current.labels(), truth, rows.toArray(float[][]::new)).summary();
            report.mergeIn(scores.toJson());
            return Optional.of(scores);
        } catch (ModelVerificationException e) {
            LOG.warn("The serving model cannot be scored, judging the candidate alone: {}", e.getMessage());
            report.put("error", e.getMessage());
            return Optional.empty();
        }
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

    private DecodedDataset decode(List<LabelRecord> records, List<String> classes, int inputSize) {
        List<LabeledImage> files = records.stream()
            .map(r -> new LabeledImage(images.pathOf(r.imageId()), r.label()))
            .toList();
        // The store names each file by its image id, which is how the metadata names a streamed image.
        return DecodedDataset.decode(new FolderDataset(images.root(), classes, files), inputSize, limits,
            image -> image.file().getFileName().toString());
    }

    /** Each image's class index in {@code classes} (every snapshot label is one of them). */
    private static JsonObject splitCounts(Map<Split, List<LabelRecord>> parts) {
        JsonObject counts = new JsonObject();
        parts.forEach((split, records) -> {
            JsonObject perClass = new JsonObject();
            records.forEach(r -> perClass.put(r.label(), perClass.getInteger(r.label(), 0) + 1));
            long sites = records.stream().map(LabelRecord::site).filter(Objects::nonNull).distinct().count();
            counts.put(split.code(), new JsonObject().put("images", records.size()).put("sites", sites)
                .put("per_class", perClass));
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
