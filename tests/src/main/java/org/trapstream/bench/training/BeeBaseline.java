package org.trapstream.bench.training;

import java.io.PrintStream;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;

/**
 * Figures 1, 2 and 4: the default seed CNN trained on the bee train split by the model module's {@link Trainer},
 * as {@code trapstream train} trains it (a stratified validation share held out, the weights of the epoch with
 * the lowest validation loss kept), then
 * <ol>
 *   <li>its time per epoch, from the trainer's own history;</li>
 *   <li>its scores on the test split, from the saved model as the classifier loads it;</li>
 *   <li>its calibration, as the trainer records it on every path: a temperature fitted on the validation share,
 *       the expected calibration error on the test split with and without it ({@link Calibration}).</li>
 * </ol>
 */
public final class BeeBaseline {

    /** Images per forward pass when scoring. */
    private static final int SCORING_BATCH = 64;

    /**
     * @param fitImages        images the weights were fitted on (the train split less the validation share)
     * @param trainerTestScores the scores the trainer recorded in the metadata, to cross-check {@code test}
     * @param testTruths        the test images' labels, in the order of {@code testProbabilities}
     * @param testProbabilities the served model's calibrated class probabilities of each test image
     */
    public record Result(ModelMetadata model, TrainingOptions options, int fitImages, int validationImages,
                         EvaluationSummary test, double trainerTestMacroF1, List<String> testTruths,
                         float[][] testProbabilities) {

        /** The trainer's calibration record: {@code temperature}, {@code ece_before}, {@code ece_after}, ... */
        public JsonObject calibration() {
            return model.metrics().getJsonObject(Calibration.METRICS_KEY);
        }

        /** One row per epoch: seconds (fitting plus the validation pass) and fitted images per second. */
        public JsonArray epochs() {
            JsonArray rows = new JsonArray();
            model.history().stream().map(JsonObject.class::cast).forEach(epoch -> {
                double seconds = epoch.getDouble("seconds");
                rows.add(new JsonObject()
                    .put("epoch", epoch.getInteger("epoch"))
                    .put("seconds", seconds)
                    .put("images_per_second", fitImages / seconds)
                    .put("train_loss", epoch.getValue("train_loss"))
                    .put("val_loss", epoch.getValue("val_loss"))
                    .put("val_accuracy", epoch.getValue("val_accuracy")));
            });
            return rows;
        }

        public JsonObject toJson() {
            return new JsonObject()
                .put("model_version", model.version())
                .put("architecture", model.architecture())
                .put("fit_images", fitImages)
                .put("validation_images", validationImages)
                .put("best_epoch", model.metrics().getValue("best_epoch"))
                .put("epochs", epochs())
                .put("timings", model.timings())
                .put("test", test.toJson())
                .put("trainer_recorded_test_macro_f1", trainerTestMacroF1)
                .put("calibration", calibration());
        }
    }

    private final ModelRegistry registry;
    private final ImageLimits limits;
    private final PrintStream progress;

    public BeeBaseline(ModelRegistry registry, ImageLimits limits, PrintStream progress) {
        this.registry = registry;
        this.limits = limits;
        this.progress = progress;
    }

    public Result run(TrainingOptions options, FolderDataset train, FolderDataset test) {
        // The same stratified hold-out Trainer.train(train, test, parent) makes, kept here to fit the temperature on.
        FolderDataset.Split split = train.split(options.validationFraction(), options.seed());
        ModelMetadata trained = new Trainer(registry, options, limits, progress, false)
            .train(split.rest(), split.heldOut(), test, null);

        LoadedModel model = registry.load(trained.version());
        Preprocessor preprocessor = new Preprocessor(trained);
        List<String> labels = trained.labels();
        List<DecodedImage> testImages = StrictDecode.decode(test, trained.inputSize(), limits);
        float[][] testProbabilities = Scoring.probabilities(Scoring.of(model), preprocessor, testImages, SCORING_BATCH);
        return new Result(trained, options, split.rest().images().size(), split.heldOut().images().size(),
            Scoring.score(labels, Scoring.labelsOf(testImages), testProbabilities).summary(), trained.metric("macro_f1"),
            Scoring.labelsOf(testImages), testProbabilities);
    }
}
