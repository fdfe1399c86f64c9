package org.trapstream.model.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.plot.Charts;
import org.trapstream.serving.FeatureGaussian;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelStatus;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.OodScore;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model commands as the launcher runs them: train a small model on a slice of the honeybee set, then
 * predict and evaluate with it through the same argument lists a user types.
 */
class ModelCommandsTest {

    @TempDir
    static Path work;
    static Path dataset;
    static Path registryDir;
    static ModelMetadata trained;

    /** Trains once for the class; without the dataset every test is skipped with the reason. */
    @BeforeEach
    void trainASmallModelOnce() {
        dataset = SharedDatasets.require(SharedDatasets.HONEYBEE);
        if (trained != null) {
            return;
        }
        registryDir = work.resolve("models");

        CommandRun train = run(new TrainCommand(), "--data", dataset.toString(), "--model-dir", registryDir.toString(),
            "--limit-per-class", "30", "--image-size", "32", "--epochs", "2");

        assertEquals(0, train.exitCode(), train.stderr());
        assertEquals("v0001", train.lastLine());
        trained = new ModelRegistry(registryDir).metadata("v0001");
    }

    @Test
    void trainingSavesAPromotedVersionWithItsHistory() {
        assertEquals(6, trained.labels().size());
        assertEquals(32, trained.inputSize());
        assertEquals(ModelStatus.PROMOTED, trained.status(), "the first version of a registry serves");
        assertTrue(trained.history().size() >= 1 && trained.history().size() <= 2);
        JsonObject epoch = trained.history().getJsonObject(0);
        for (String field : List.of("epoch", "train_loss", "val_loss", "val_accuracy", "lr", "seconds")) {
            assertTrue(epoch.getValue(field) instanceof Number, field + " in " + epoch);
        }
        trained.mean().forEach(m -> assertTrue(m > 0 && m < 1, "mean " + m));
        assertTrue(trained.metric("accuracy") >= 0 && trained.metric("accuracy") <= 1);
        assertEquals(64, trained.sha256().length());
        assertEquals(6 * 30, trained.data().getJsonObject("train").getInteger("images")
            + trained.data().getJsonObject("validation").getInteger("images"), "30 per class");
    }

    @Test
    void trainingCalibratesTheVersionOnItsValidationImagesAndMeasuresItOnTheTestImages() {
        JsonObject calibration = trained.metrics().getJsonObject("calibration");

        assertEquals(calibration.getDouble("temperature"), trained.temperature(), "the served temperature is the fitted one");
        assertEquals(15, calibration.getInteger("bins"));
        assertEquals(trained.data().getJsonObject("validation").getInteger("images"),
            calibration.getInteger("validation_images"));
        assertEquals(trained.metric("images"), calibration.getInteger("evaluation_images").doubleValue());
        for (String error : List.of("ece_before", "ece_after")) {
            double value = calibration.getDouble(error);
            assertTrue(value >= 0 && value <= 1, error + " " + calibration.encode());
        }
        assertEquals(15, calibration.getJsonObject("reliability").getJsonArray("after").size());
    }

    @Test
    void trainingFitsTheMahalanobisDetectorOnThePenultimateFeaturesAndKeepsItBesideTheNetwork() {
        OodDetector detector = trained.ood().orElseThrow();
        assertEquals(OodScore.MAHALANOBIS, detector.method());
        assertTrue(detector.featureWidth() > 0, detector.toJson().encode());
        assertEquals(trained.metrics().getJsonObject("calibration").getInteger("validation_images"),
            detector.validationImages(), "the threshold is fitted on the validation images");
        assertTrue(detector.validationFpr() <= OutOfDistribution.DEFAULT_TARGET_FPR, detector.toJson().encode());
        assertTrue(Files.isRegularFile(registryDir.resolve(trained.version()).resolve(FeatureGaussian.FILE)));
    }

    @Test
    void trainingSavesTheVersionsCharts() throws IOException {
        for (String chart : List.of(Charts.LEARNING_CURVES_FILE, Charts.CONFUSION_MATRIX_FILE, Charts.RELIABILITY_FILE)) {
            BufferedImage image = ImageIO.read(registryDir.resolve("v0001").resolve(chart).toFile());
            assertTrue(image.getWidth() > 300 && image.getHeight() > 300, chart);
        }
    }

    @Test
    void trainingKeepsTheMostConfidentMistakesOnTheTestImagesAndDrawsThem() throws IOException {
        RecordedMistakes.assertRecorded(trained, registryDir.resolve("v0001"));
    }

    @Test
    void lrFindPrintsEachStepAndSuggestsARate() throws IOException {
        Path chart = work.resolve("lr-find.png");

        CommandRun find = run(new LrFindCommand(), "--data", dataset.toString(), "--limit-per-class", "8",
            "--image-size", "32", "--iterations", "12", "--min", "1e-5", "--max", "1", "--out", chart.toString());

        assertEquals(0, find.exitCode());
        JsonObject result = new JsonObject(find.lastLine());
        int steps = result.getInteger("steps");
        assertTrue(steps >= 2 && steps <= 12, find.stdout());
        assertEquals(steps + 2, find.lines().size(), "a header, one row per step, the JSON line");
        assertTrue(find.lines().get(1).trim().startsWith("1 "), find.lines().get(1));
        assertTrue(result.getDouble("suggested_lr") >= 1e-6 && result.getDouble("suggested_lr") <= 0.1, find.lastLine());
        assertEquals(result.getDouble("min_loss_lr") / 10, result.getDouble("suggested_lr"), 1e-12);
        assertEquals(chart.toAbsolutePath().toString(), result.getString("plot"));
        assertTrue(ImageIO.read(chart.toFile()).getWidth() > 0);
    }

    @Test
    void predictPrintsOneJsonLinePerFile() throws IOException {
        List<Path> images = List.of(firstImage("italian_honey_bee"), firstImage("russian_honey_bee"),
            firstImage("carniolan_honey_bee"));
        Path text = Files.writeString(work.resolve("notes.txt"), "not an image");
        List<String> args = new ArrayList<>(List.of("--model-dir", registryDir.toString(), "--top-k", "3"));
        images.forEach(i -> args.add(i.toString()));
        args.add(text.toString());

        CommandRun predict = run(new PredictCommand(), args.toArray(String[]::new));

        assertEquals(0, predict.exitCode());
        List<String> lines = predict.lines();
        assertEquals(4, lines.size(), predict.stdout());
        for (int i = 0; i < images.size(); i++) {
            JsonObject line = new JsonObject(lines.get(i));
            assertEquals(images.get(i).toString(), line.getString("file"));
            assertEquals(ImageIds.of(Files.readAllBytes(images.get(i))), line.getString("image_id"));
            assertTrue(trained.labels().contains(line.getString("label")));
            assertEquals("v0001", line.getString("model_version"));
            assertTrue(Double.isFinite(line.getDouble("ood_score")), "scored by the version's detector: " + line);
            assertEquals(line.getDouble("ood_score") > trained.ood().orElseThrow().threshold(),
                line.getBoolean("out_of_distribution"));
            JsonArray top = line.getJsonArray("top_k");
            assertEquals(3, top.size());
            assertEquals(line.getString("label"), top.getJsonObject(0).getString("label"));
            assertEquals(line.getDouble("confidence"), top.getJsonObject(0).getDouble("confidence"));
            for (int k = 0; k < top.size(); k++) {
                double confidence = top.getJsonObject(k).getDouble("confidence");
                assertTrue(confidence >= 0 && confidence <= 1);
                if (k > 0) {
                    assertTrue(confidence <= top.getJsonObject(k - 1).getDouble("confidence"), "sorted: " + top);
                }
            }
        }
        JsonObject error = new JsonObject(lines.get(3));
        assertEquals(Map.of("file", text.toString(), "error", error.getString("error")), error.getMap());
        assertTrue(error.getString("error").contains("unsupported_format"), error.getString("error"));
    }

    @Test
    void predictAlsoTakesOneVersionsDirectory() throws IOException {
        CommandRun predict = run(new PredictCommand(), "--model-dir", registryDir.resolve("v0001").toString(),
            firstImage("italian_honey_bee").toString());

        assertEquals(0, predict.exitCode());
        assertEquals("v0001", new JsonObject(predict.lastLine()).getString("model_version"));
    }

    @Test
    void evaluateGroupedBySiteScoresEachLocationOfTheDatasetsLabelsCsv() {
        CommandRun evaluate = run(new EvaluateCommand(), "--model-dir", registryDir.toString(),
            "--data", dataset.toString(), "--group-by", "site");

        assertEquals(0, evaluate.exitCode(), evaluate.stderr());
        JsonObject summary = new JsonObject(evaluate.lastLine());
        JsonObject bySite = summary.getJsonObject("by_site");
        assertTrue(bySite.fieldNames().containsAll(List.of("Saratoga, CA, USA", "Des Moines, IA, USA")),
            bySite.fieldNames().toString());
        assertEquals(summary.getInteger("images"), bySite.fieldNames().stream()
            .mapToInt(site -> bySite.getJsonObject(site).getInteger("images")).sum(), "every image in one site");
    }

    @Test
    void trainingSplitBySiteHoldsWholeSitesOutOfTraining() {
        Path registry = work.resolve("site-split-models");

        CommandRun train = run(new TrainCommand(), "--data", dataset.toString(), "--model-dir", registry.toString(),
            "--split-by", "site", "--limit-per-class", "12", "--image-size", "32", "--epochs", "1");

        assertEquals(0, train.exitCode(), train.stderr());
        JsonObject data = new ModelRegistry(registry).metadata(train.lastLine()).data();
        Set<String> trainSites = data.getJsonObject("train").getJsonObject("per_site").fieldNames();
        for (String heldOut : List.of("validation", "test")) {
            Set<String> sites = data.getJsonObject(heldOut).getJsonObject("per_site").fieldNames();
            assertFalse(sites.isEmpty(), heldOut);
            assertTrue(sites.stream().noneMatch(trainSites::contains), heldOut + " " + sites + " train " + trainSites);
        }
        assertTrue(train.stderr().contains("held out by site"), train.stderr());
    }

    @Test
    void evaluateCountsAClassTheModelDoesNotKnowAsWrong() throws IOException {
        Path data = work.resolve("eval-data");
        copyImages("italian_honey_bee", data.resolve("italian_honey_bee"), 4);
        copyImages("carniolan_honey_bee", data.resolve("carniolan_honey_bee"), 4);
        copyImages("mixed_local_stock", data.resolve("mixed_local_stock"), 4);
        copyImages("russian_honey_bee", data.resolve("bumble_bee"), 3);

        CommandRun evaluate = run(new EvaluateCommand(), "--model-dir", registryDir.toString(),
            "--data", data.toString());

        assertEquals(0, evaluate.exitCode());
        JsonObject summary = new JsonObject(evaluate.lastLine());
        assertEquals(15, summary.getInteger("images"));
        assertEquals("v0001", summary.getString("model_version"));
        double accuracy = summary.getDouble("accuracy");
        assertTrue(accuracy >= 0 && accuracy <= 12 / 15.0, "the 3 unknown images are wrong: " + accuracy);
        assertTrue(summary.getDouble("macro_f1") >= 0 && summary.getDouble("macro_f1") <= 1);
        JsonObject unknown = summary.getJsonObject("per_class").getJsonObject("bumble_bee");
        assertEquals(0.0, unknown.getDouble("recall"));
        assertEquals(3, unknown.getInteger("support"));
        int confused = summary.getJsonObject("confusion").getJsonObject("bumble_bee").getMap().values().stream()
            .mapToInt(n -> ((Number) n).intValue()).sum();
        assertEquals(3, confused);
    }

    @Test
    void modelsListShowsTheTrainedVersion() {
        CommandRun list = run(new ModelsCommand(), "list", "--model-dir", registryDir.toString());

        assertEquals(0, list.exitCode());
        assertEquals(List.of("VERSION", "STATUS", "CREATED", "ACCURACY", "MACRO_F1", "TEMP", "ECE", "LABELS"),
            List.of(list.lines().get(0).trim().split(" +")));
        List<String> row = List.of(list.lines().get(1).trim().split(" +"));
        assertEquals(List.of("v0001", "promoted"), row.subList(0, 2), list.stdout());
        assertEquals(String.format(Locale.ROOT, "%.3f", trained.temperature()), row.get(5), list.stdout());
    }

    @Test
    void modelsListJsonIsOneArrayOfTheVersionsSummaries() {
        CommandRun list = run(new ModelsCommand(), "list", "--json", "--model-dir", registryDir.toString());

        assertEquals(0, list.exitCode(), list.stderr());
        assertEquals(1, list.lines().size(), list.stdout());
        JsonArray versions = new JsonArray(list.lastLine());
        assertEquals(1, versions.size());
        JsonObject summary = versions.getJsonObject(0);
        assertEquals("v0001", summary.getString("version"));
        assertEquals("promoted", summary.getString("status"));
        assertTrue(summary.containsKey("status_reason"), "present, null: " + summary);
        assertEquals(trained.createdAt().toString(), summary.getString("created_at"));
        assertEquals("dl4j", summary.getString("format"));
        assertEquals(32, summary.getInteger("input_size"));
        assertEquals(trained.labels(), summary.getJsonArray("labels").getList());
        assertEquals(trained.metric("accuracy"), summary.getJsonObject("metrics").getDouble("accuracy"));
        assertEquals(trained.temperature(), summary.getJsonObject("calibration").getDouble("temperature"));
        assertEquals(trained.metrics().getJsonObject("calibration").getDouble("ece_after"),
            summary.getJsonObject("calibration").getDouble("ece_after"));
        assertEquals(trained.metric("macro_f1"), summary.getJsonObject("metrics").getDouble("macro_f1"));
    }

    @Test
    void trainHelpListsEveryOption() {
        CommandRun help = run(new TrainCommand(), "--help");

        assertEquals(0, help.exitCode());
        for (String option : List.of("--data=DIR", "--model-dir=DIR", "--weights=FILE", "--freeze", "--promote",
                "--limit-per-class=N", "--epochs, --trainer.epochs=N", "--image-size, --trainer.image.size=PX",
                "--batch-size, --trainer.batch.size=N", "--learning-rate, --trainer.learning.rate=LR",
                "--architecture, --trainer.architecture=NAME", "--config=FILE", "--trainer.augment=BOOLEAN")) {
            assertTrue(help.stdout().contains(option), option + " in " + help.stdout());
        }
    }

    @Test
    void badCommandLinesExitWithUsage() {
        assertEquals(2, run(new PredictCommand(), "--model-dir", registryDir.toString()).exitCode(), "no files");
        assertEquals(2, run(new TrainCommand(), "--epochs", "2").exitCode(), "no --data");
        assertEquals(2, run(new TrainCommand(), "--data", dataset.toString(), "--epochs", "0").exitCode(), "0 epochs");
        assertEquals(2, run(new EvaluateCommand(), "--data", dataset.toString(), "--bogus", "1").exitCode());
        assertEquals(2, run(new PredictCommand(), "--top-k", "many", "x.jpg").exitCode());
        assertEquals(2, run(new ModelsCommand(), "demote", "v0001").exitCode());
        assertEquals(2, run(new TrainCommand(), "--data", dataset.toString(), "--freeze").exitCode(),
            "--freeze without --weights");
        assertEquals(2, run(new TrainCommand(), "--data", dataset.toString(), "--architecture", "alexnet").exitCode());
        assertEquals(2, run(new LrFindCommand(), "--data", dataset.toString(), "--min", "1", "--max", "0.1")
            .exitCode());
    }

    @Test
    void unusableModelsFailTheCommand() {
        assertEquals(1, run(new ModelsCommand(), "promote", "v0042", "--model-dir", registryDir.toString()).exitCode());
        CommandRun nothingToRollBack = run(new ModelsCommand(), "rollback", "--model-dir",
            work.resolve("no-models").toString());
        assertEquals(1, nothingToRollBack.exitCode());
        assertTrue(nothingToRollBack.stderr().contains("Nothing to roll back"), nothingToRollBack.stderr());
        CommandRun empty = run(new PredictCommand(), "--model-dir", work.resolve("no-models").toString(), "x.jpg");
        assertEquals(1, empty.exitCode());
        assertFalse(empty.stdout().contains("{"), "nothing on stdout: " + empty.stdout());
        assertTrue(empty.stderr().startsWith("error: no model versions in "), empty.stderr());
    }

    private static Path firstImage(String label) throws IOException {
        return imagesOf(label).get(0);
    }

    private static List<Path> imagesOf(String label) throws IOException {
        try (Stream<Path> files = Files.list(dataset.resolve("test").resolve(label))) {
            return files.sorted().toList();
        }
    }

    private static void copyImages(String label, Path target, int count) throws IOException {
        Files.createDirectories(target);
        for (Path image : imagesOf(label).subList(0, count)) {
            Files.copy(image, target.resolve(image.getFileName()));
        }
    }

    /** Runs a command in an environment without configuration. */
    private static CommandRun run(Object command, String... args) {
        return CommandRun.of(command, Map.of(), args);
    }
}
