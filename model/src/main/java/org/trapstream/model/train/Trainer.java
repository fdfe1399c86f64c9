package org.trapstream.model.train;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.Networks;
import org.trapstream.model.arch.BuiltNetwork;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedDataset;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.EvaluationPictures;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.ImageBatchIterator;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.eval.Scoring;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;

import static org.trapstream.model.eval.JsonScores.finiteOrNull;

/**
 * Trains model versions: {@link #train} runs a whole training from folder datasets to a saved candidate,
 * {@link #fit} trains a network someone else built (e.g. a transferred head) with the same loop.
 *
 * <p>A run: hold out a stratified validation share of the training images; decode every image once to the
 * input size; compute the per-channel mean and std of the remaining training images; build the network the
 * options name; then the steps every path shares ({@link #candidate}): fit it, fit its softmax temperature on the
 * validation share, score the kept weights, measure their calibration and keep their most confident mistakes on
 * the test set; save. Blocking and CPU-heavy: run it
 * on a dedicated thread.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final ModelRegistry registry;
    private final TrainingOptions options;
    private final ImageLimits limits;
    private final ProgressBar progress;

    /**
     * @param progressOut where the progress bar goes (stderr for the CLI)
     * @param interactive whether {@code progressOut} is a terminal, to redraw the bar in place
     */
    public Trainer(ModelRegistry registry, TrainingOptions options, ImageLimits limits, PrintStream progressOut,
                   boolean interactive) {
        this(registry, options, limits, new ProgressBar(progressOut, interactive));
    }

    /** A trainer for a service: each finished epoch is one INFO line of the log. */
    public Trainer(ModelRegistry registry, TrainingOptions options, ImageLimits limits) {
        this(registry, options, limits, ProgressBar.toLog(LOG));
    }

    private Trainer(ModelRegistry registry, TrainingOptions options, ImageLimits limits, ProgressBar progress) {
        this.registry = registry;
        this.options = options;
        this.limits = limits;
        this.progress = progress;
    }

    /**
     * Trains on {@code train} (labels = its labels) less a stratified validation share, scores on
     * {@code test} (which may hold classes the model does not learn: they count as errors) and saves the result.
     *
     * @param parentVersion the version this one is meant to replace, recorded in the metadata; may be null
     * @return the saved metadata, status candidate
     */
    public ModelMetadata train(FolderDataset train, FolderDataset test, String parentVersion) {
        FolderDataset.Split split = train.split(options.validationFraction(), options.seed());
        return train(split.rest(), split.heldOut(), test, parentVersion);
    }

    /**
     * Like {@link #train(FolderDataset, FolderDataset, String)} with a validation set the caller chose (e.g. by
     * a stable hash of the image id); the model's labels are those of {@code fitSet}.
     *
     * @throws IllegalArgumentException when a validation image's label is not one of {@code fitSet}'s
     */
    public ModelMetadata train(FolderDataset fitSet, FolderDataset validationSet, FolderDataset test,
                               String parentVersion) {
        Backend.init();
        long started = System.nanoTime();
        List<String> labels = fitSet.labels();

        DecodedDataset fit = decode(fitSet, "training");
        DecodedDataset validation = decode(validationSet, "validation");
        DecodedDataset testImages = decode(test, "test");
        if (fit.images().isEmpty()) {
            throw new IllegalArgumentException("No decodable training images in " + fitSet.source());
        }
        double decodeSeconds = seconds(started);

        ChannelStats stats = ChannelStats.of(fit.pictures());
        Preprocessor preprocessor = new Preprocessor(options.imageSize(), stats.mean(), stats.std());
        BuiltNetwork built = options.newNetwork(labels.size());
        Model network = built.network();

        long trainingStarted = System.nanoTime();
        Candidate candidate = candidate(network, labels, preprocessor, fit.images(), validation.images(),
            testImages.images(), () -> false);
        double candidateSeconds = seconds(trainingStarted);

        JsonObject architecture = built.description().copy()
            .put("input", new JsonObject().put("size", options.imageSize()).put("channels", ModelMetadata.RGB))
            .put("training", options.trainingJson().put("class_weights", candidate.fit().classWeightsJson()));
        JsonObject data = new JsonObject()
            .put("source", fitSet.source().toString())
            .put("train", fitSet.summary())
            .put("validation", validationSet.summary())
            .put("test", test.summary())
            .put("decode_failures", new JsonArray(Stream.of(fit, validation, testImages)
                .flatMap(decoded -> decoded.failures().stream()).toList()));
        JsonObject timings = new JsonObject()
            .put("decode_seconds", decodeSeconds)
            .put("train_seconds", candidate.fit().seconds())
            .put("seconds_per_epoch", candidate.fit().secondsPerEpoch())
            .put("evaluate_seconds", candidateSeconds - candidate.fit().seconds())
            .put("total_seconds", seconds(started));
        ModelMetadata draft = ModelMetadata.draft(architecture, labels, options.imageSize(), stats.mean(), stats.std());
        ModelMetadata saved = registry.save(
            TrainedVersion.of(network).showing(EvaluationPictures.decoded(testImages.images()))
                .servedWith(candidate.ood()),
            candidate.describe(draft, parentVersion, candidate.metrics(), data, timings));
        EvaluationSummary scores = candidate.evaluation();
        LOG.info("Trained {}: test accuracy {} macro-F1 {} on {} images, temperature {} (ECE {} -> {})",
            saved.version(), scores.accuracy(), scores.macroF1(), scores.images(), candidate.calibration().temperature(),
            candidate.calibration().eceBefore(), candidate.calibration().eceAfter());
        return saved;
    }

    /**
     * The steps every training path shares once it has a network and decoded images: {@link #fit} on
     * {@code fitImages}, a temperature fitted on {@code validationImages}, and the kept weights scored and their
     * calibration measured on {@code evaluationImages} (a test split or the trainer's frozen evaluation split,
     * which may hold classes the network does not learn: they count as errors).
     *
     * @throws CancellationException when {@code cancelled} turned true between epochs
     */
    public Candidate candidate(Model network, List<String> labels, Preprocessor preprocessor,
                               List<DecodedImage> fitImages, List<DecodedImage> validationImages,
                               List<DecodedImage> evaluationImages, BooleanSupplier cancelled) {
        FitResult fitted = fit(network, labels, preprocessor, fitImages, validationImages, cancelled);
        Scoring.Scorer model = Scoring.of(network);
        Candidate candidate = Candidate.evaluate(fitted, labels,
            Scoring.probabilities(model, preprocessor, validationImages, options.batchSize()),
            Scoring.labelsOf(validationImages),
            Scoring.probabilities(model, preprocessor, evaluationImages, options.batchSize()),
            Scoring.labelsOf(evaluationImages), evaluationImages.stream().map(DecodedImage::source).toList());
        if (fitImages.size() < 2) {
            return candidate;
        }
        // The Mahalanobis distance on the penultimate features tells camera-trap frames from bees where scores on
        // the softmax row do not (BENCHMARKS.md, "Out-of-distribution detection"): the detector every version gets.
        Scoring.Scorer features = Scoring.featuresOf(network);
        return candidate.withOod(OutOfDistribution.fitOnFeatures(
            Scoring.probabilities(features, preprocessor, fitImages, options.batchSize()),
            Scoring.truth(labels, Scoring.labelsOf(fitImages)), labels.size(),
            Scoring.probabilities(features, preprocessor, validationImages, options.batchSize()),
            OutOfDistribution.DEFAULT_TARGET_FPR));
    }

    /** {@link #fit(Model, List, Preprocessor, List, List, BooleanSupplier)} that is never cancelled. */
    public FitResult fit(Model network, List<String> labels, Preprocessor preprocessor, List<DecodedImage> fitImages,
                         List<DecodedImage> validationImages) {
        return fit(network, labels, preprocessor, fitImages, validationImages, () -> false);
    }

    /**
     * Trains {@code network} (a MultiLayerNetwork or a single-output ComputationGraph, fresh or transferred) on
     * {@code fitImages}: shuffled, augmented epochs under the options' learning-rate policy and class weighting,
     * each scored on {@code validationImages}. Keeps the weights of the epoch with the lowest validation loss and
     * stops after {@code patience} epochs without a lower one; without validation images the last epoch's weights
     * are kept. Saves nothing.
     *
     * @param labels    the network's outputs in order; every image's label must be one of them
     * @param cancelled checked before each epoch
     * @return the history and the kept epoch; {@code network} now holds that epoch's weights
     * @throws CancellationException when {@code cancelled} turned true
     */
    public FitResult fit(Model network, List<String> labels, Preprocessor preprocessor, List<DecodedImage> fitImages,
                         List<DecodedImage> validationImages, BooleanSupplier cancelled) {
        if (fitImages.isEmpty()) {
            throw new IllegalArgumentException("Nothing to fit: no training images");
        }
        ImageBatchIterator batches = ImageBatchIterator.training(fitImages, labels, options.batchSize(),
            preprocessor, options.augmentation(), options.sampling(), options.seed());
        Map<String, Double> classWeights = options.classWeighting().applyTo(network, labels, fitImages);
        int batchesPerEpoch = (batches.size() + options.batchSize() - 1) / options.batchSize();
        options.learningRatePolicy().schedule(options.learningRate(), batchesPerEpoch)
            .ifPresent(schedule -> Networks.setLearningRate(network, schedule));

        JsonArray history = new JsonArray();
        INDArray bestParams = null;
        int bestEpoch = 0;
        Validation best = new Validation(Double.POSITIVE_INFINITY, Double.NaN);
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("training cancelled before epoch " + epoch);
            }
            long epochStarted = System.nanoTime();
            Epoch trained = trainEpoch(network, batches, epoch);
            Validation validation = validate(network, labels, preprocessor, validationImages);
            double epochSeconds = seconds(epochStarted);
            history.add(new JsonObject()
                .put("epoch", epoch)
                .put("train_loss", finiteOrNull(trained.loss))
                .put("val_loss", finiteOrNull(validation.loss))
                .put("val_accuracy", finiteOrNull(validation.accuracy))
                .put("lr", finiteOrNull(trained.learningRate))
                .put("seconds", epochSeconds));
            // Without validation images every epoch "improves": the last weights are kept. The first epoch's
            // weights are kept even when its loss is NaN, so there always are weights to save.
            boolean improved = bestParams == null || validationImages.isEmpty() || validation.loss < best.loss;
            if (improved) {
                bestParams = network.params().dup();
                bestEpoch = epoch;
                best = validation;
            }
            long eta = Math.round((long) batches.size() * (options.epochs() - epoch) / trained.imagesPerSecond);
            progress.finishEpoch(epoch, options.epochs(), batches.size(), trained.loss, trained.imagesPerSecond, eta,
                String.format(Locale.ROOT, "val_loss %.3f val_acc %.3f lr %.2g %.1fs%s", validation.loss,
                    validation.accuracy, trained.learningRate, epochSeconds, improved ? " *" : ""));
            if (epoch - bestEpoch >= options.patience()) {
                LOG.info("Early stop after epoch {}: no lower validation loss since epoch {}", epoch, bestEpoch);
                break;
            }
        }
        network.setParams(bestParams);
        return new FitResult(history, bestEpoch, best.loss, best.accuracy, classWeights);
    }

    /** Mean cross-entropy and accuracy on the validation images, NaN when there are none. */
    private record Validation(double loss, double accuracy) {
    }

    /** Mean training loss, speed and mean learning rate of one epoch. */
    private record Epoch(double loss, double imagesPerSecond, double learningRate) {
    }

    private Epoch trainEpoch(Model network, ImageBatchIterator batches, int epoch) {
        long started = System.nanoTime();
        int total = batches.size();
        double lossSum = 0;
        double rateSum = 0;
        int steps = 0;
        int done = 0;
        batches.reset();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            rateSum += Networks.learningRate(network);
            lossSum += Networks.fit(network, batch) * batch.numExamples();
            steps++;
            done += batch.numExamples();
            double imagesPerSecond = done / seconds(started);
            long eta = Math.round(((total - done) + (long) total * (options.epochs() - epoch)) / imagesPerSecond);
            progress.update(epoch, options.epochs(), done, total, lossSum / done, imagesPerSecond, eta);
        }
        Networks.incrementEpochCount(network);
        return new Epoch(lossSum / Math.max(1, done), Math.max(done, 1) / seconds(started), rateSum / Math.max(1, steps));
    }

    private Validation validate(Model network, List<String> labels, Preprocessor preprocessor,
                                List<DecodedImage> images) {
        if (images.isEmpty()) {
            return new Validation(Double.NaN, Double.NaN);
        }
        Scoring.Scores scores = Scoring.score(Scoring.of(network), preprocessor, labels, images, options.batchSize());
        return new Validation(scores.loss(), scores.summary().accuracy());
    }

    private DecodedDataset decode(FolderDataset dataset, String purpose) {
        DecodedDataset decoded = DecodedDataset.decode(dataset, options.imageSize(), limits);
        decoded.failures().forEach(failure -> LOG.warn("Skipping {} image {}", purpose, failure));
        return decoded;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
