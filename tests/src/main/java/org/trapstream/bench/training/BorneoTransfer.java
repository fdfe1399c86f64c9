package org.trapstream.bench.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;
import org.trapstream.trainer.training.HeadTransfer;

/**
 * Figure 3: the tiny Borneo camera-trap set learned two ways with the same epochs, input size and seeds.
 * <ul>
 *   <li>transfer: the bee model's convolutional features frozen under a new head, built by the trainer's
 *       {@link HeadTransfer} (the code path of a head-only retraining run) and fed with the bee model's own
 *       normalisation, the only one its features know;</li>
 *   <li>scratch: a fresh network as the options build it (the default seed CNN), normalised with the Borneo
 *       training images' statistics.</li>
 * </ul>
 * No bee class carries over to the Borneo labels, so the transfer starts with no parent label
 * ({@code parentLabels} empty): every output is new. There is no validation share to stop early on: 46 images
 * leave too few (a class has 3), so both arms train a fixed number of epochs and keep the last weights. Both
 * are fitted by the model module's {@link Trainer#fit}, the loop every Trapstream model is trained with.
 */
public final class BorneoTransfer {

    /** Images per forward pass when scoring. */
    private static final int SCORING_BATCH = 64;

    public enum Start {
        TRANSFER, SCRATCH
    }

    /** One seeded run of one arm, scored on the Borneo test split. */
    public record Run(Start start, long seed, EvaluationSummary test, double seconds) {

        JsonObject toJson() {
            return new JsonObject().put("start", start.name().toLowerCase(Locale.ROOT)).put("seed", seed)
                .put("seconds", seconds).put("test", test.toJson());
        }
    }

    public record Result(String parentVersion, int trainImages, int testImages, TrainingOptions options,
                         List<Run> runs) {

        public Spread spread(Start start, ToDoubleFunction<EvaluationSummary> metric) {
            return Spread.of(runs.stream().filter(run -> run.start() == start)
                .map(run -> metric.applyAsDouble(run.test())).toList());
        }

        public Spread seconds(Start start) {
            return Spread.of(runs.stream().filter(run -> run.start() == start).map(Run::seconds).toList());
        }

        public JsonObject toJson() {
            JsonObject summary = new JsonObject();
            for (Start start : Start.values()) {
                summary.put(start.name().toLowerCase(Locale.ROOT), new JsonObject()
                    .put("accuracy", spread(start, EvaluationSummary::accuracy).toJson())
                    .put("macro_f1", spread(start, EvaluationSummary::macroF1).toJson()));
            }
            return new JsonObject().put("parent_version", parentVersion).put("train_images", trainImages)
                .put("test_images", testImages).put("image_size", options.imageSize()).put("epochs", options.epochs())
                .put("batch_size", options.batchSize()).put("learning_rate", options.learningRate())
                .put("summary", summary)
                .put("runs", new JsonArray(runs.stream().map(Run::toJson).toList()));
        }
    }

    private final ModelRegistry registry;
    private final ImageLimits limits;
    private final PrintStream progress;

    public BorneoTransfer(ModelRegistry registry, ImageLimits limits, PrintStream progress) {
        this.registry = registry;
        this.limits = limits;
        this.progress = progress;
    }

    /** @param optionsPerSeed the training options of each seeded repetition, at the bee model's input size */
    public Result run(ModelMetadata beeModel, List<TrainingOptions> optionsPerSeed, FolderDataset train,
                      FolderDataset test) {
        int size = beeModel.inputSize();
        List<String> labels = train.labels();
        List<DecodedImage> trainImages = StrictDecode.decode(train, size, limits);
        List<DecodedImage> testImages = StrictDecode.decode(test, size, limits);
        registry.load(beeModel.version()); // verifies checksum, shape and labels before the file is reused
        Preprocessor beeNormalisation = new Preprocessor(beeModel);
        ChannelStats borneoStats = ChannelStats.of(trainImages.stream().map(DecodedImage::image).toList());
        Preprocessor borneoNormalisation = new Preprocessor(size, borneoStats.mean(), borneoStats.std());

        List<Run> runs = new ArrayList<>();
        for (TrainingOptions options : optionsPerSeed) {
            MultiLayerNetwork transferred = HeadTransfer.forLabels(restore(beeModel), List.of(), labels,
                options.learningRate(), options.seed());
            runs.add(fitAndScore(Start.TRANSFER, transferred, beeNormalisation, labels, trainImages, testImages,
                options));
            runs.add(fitAndScore(Start.SCRATCH, options.newNetwork(labels.size()).network(), borneoNormalisation,
                labels, trainImages, testImages, options));
        }
        return new Result(beeModel.version(), trainImages.size(), testImages.size(), optionsPerSeed.get(0), runs);
    }

    /** Fits with the model module's training loop, without a validation share: the last epoch's weights stay. */
    private Run fitAndScore(Start start, Model network, Preprocessor preprocessor, List<String> labels,
                            List<DecodedImage> train, List<DecodedImage> test, TrainingOptions options) {
        long started = System.nanoTime();
        new Trainer(registry, options, limits, progress, false).fit(network, labels, preprocessor, train, List.of());
        float[][] probabilities = Scoring.probabilities(Scoring.of(network), preprocessor, test,
            SCORING_BATCH);
        return new Run(start, options.seed(), Scoring.score(labels, Scoring.labelsOf(test), probabilities).summary(),
            (System.nanoTime() - started) / 1e9);
    }

    private MultiLayerNetwork restore(ModelMetadata model) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(
                registry.modelFile(model).toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore " + model.version(), e);
        }
    }
}
