package org.trapstream.model.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.model.TinyNetworks;
import org.trapstream.model.data.EvaluationPictures;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.eval.Misclassified;
import org.trapstream.model.train.TrainedVersion;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    private static final JsonArray HISTORY = new JsonArray()
        .add(epoch(1, 1.40, 1.20, 0.48, 0.001))
        .add(epoch(2, 0.90, 0.85, 0.66, 0.001))
        .add(epoch(3, 0.60, 0.95, 0.61, 0.001));
    private static final JsonObject METRICS = new JsonObject()
        .put("images", 12)
        .put("best_epoch", 2)
        .put("confusion", new JsonObject()
            .put("ant", new JsonObject().put("ant", 3).put("bee", 1))
            .put("bee", new JsonObject().put("bee", 4))
            .put("wasp", new JsonObject().put("wasp", 2).put("ant", 1))
            .put("moth", new JsonObject().put("bee", 1)));

    @TempDir
    Path dir;

    @Test
    void aTrainedVersionIsSavedWithItsCharts() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir);
        ModelMetadata draft = TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)
            .withTraining(null, METRICS, HISTORY, null, null);

        String version = registry.save(TrainedVersion.of(TinyNetworks.seedCnn(1)), draft).version();

        BufferedImage curves = ImageIO.read(registry.versionDir(version).resolve(Charts.LEARNING_CURVES_FILE).toFile());
        BufferedImage confusion = ImageIO.read(registry.versionDir(version).resolve(Charts.CONFUSION_MATRIX_FILE).toFile());
        assertEquals(2 * 560, curves.getWidth(), "loss and accuracy panels; the rate never changed");
        assertTrue(colours(curves) > 50, "lines, text and grid, not a blank page");
        assertTrue(colours(confusion) > 50);
        assertFalse(Files.exists(registry.versionDir(version).resolve(Charts.MISCLASSIFIED_FILE)),
            "metrics that list no mistakes (as before they were kept) draw no grid");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(version), files.map(p -> p.getFileName().toString()).toList(), "no staging left");
        }
    }

    @Test
    void learningCurvesGetARatePanelWhenTheRateMoved() {
        JsonArray cyclical = HISTORY.copy();
        cyclical.getJsonObject(1).put("lr", 0.004);
        cyclical.getJsonObject(2).put("val_loss", (Object) null);

        BufferedImage image = Charts.learningCurves("cyclical", cyclical, Double.NaN);

        assertEquals(3 * 560, image.getWidth());
    }

    @Test
    void theConfusionMatrixHasARowForEveryTrueLabelAndNeedsAMatrix() {
        BufferedImage withUnknownClass = Charts.confusionMatrix("m", METRICS, TinyNetworks.LABELS).orElseThrow();
        JsonObject knownClasses = METRICS.getJsonObject("confusion").copy();
        knownClasses.remove("moth");
        BufferedImage knownOnly = Charts.confusionMatrix("m", new JsonObject().put("confusion", knownClasses),
            TinyNetworks.LABELS).orElseThrow();

        assertTrue(withUnknownClass.getHeight() > knownOnly.getHeight(), "moth, unknown to the model, is a row");
        assertFalse(Charts.confusionMatrix("m", new JsonObject(), TinyNetworks.LABELS).isPresent());
    }

    @Test
    void aLongTitleWidensTheConfusionMatrixRatherThanBeingCut() {
        String title = "v0004 confusion matrix (calibration set, measuring half, 30 images) " + "x".repeat(40);
        BufferedImage image = Charts.confusionMatrix(title, METRICS, TinyNetworks.LABELS).orElseThrow();

        assertTrue(image.getWidth() > Charts.metrics(LinePanel.TITLE_FONT).stringWidth(title),
            "width " + image.getWidth());
    }

    @Test
    void theReliabilityDiagramNeedsACalibrationMeasuredOnImages() {
        float[][] rows = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.3f, 0.7f}, {0.6f, 0.4f}};
        int[] truth = {0, 1, 1, 0};
        JsonObject measured = new JsonObject().put(Calibration.METRICS_KEY,
            Calibration.measure(rows, truth, rows, truth).toJson());
        JsonObject noImages = new JsonObject().put(Calibration.METRICS_KEY,
            Calibration.measure(rows, truth, new float[0][], new int[0]).toJson());

        assertTrue(colours(Charts.reliability("m", measured).orElseThrow()) > 50);
        assertFalse(Charts.reliability("m", noImages).isPresent());
        assertFalse(Charts.reliability("m", new JsonObject()).isPresent(), "an imported network never calibrated here");
    }

    @Test
    void theGridOfMistakesShowsEachPictureTheNetworkSawInReadingOrder() {
        List<Color> colours = List.of(Color.GREEN, Color.BLUE, Color.ORANGE, Color.MAGENTA, Color.CYAN);
        List<Misclassified> mistakes = new ArrayList<>();
        Map<String, BufferedImage> pictures = new HashMap<>();
        for (int i = 0; i < colours.size(); i++) {
            String source = "bee/" + i + ".jpg";
            mistakes.add(new Misclassified(source, "bee", "wasp", 0.9 - i * 0.1));
            if (i != 1) {
                pictures.put(source, TestImages.halves(TinyNetworks.SIZE, TinyNetworks.SIZE, colours.get(i),
                    colours.get(i)));
            }
        }
        JsonObject metrics = new JsonObject().put(Misclassified.METRICS_KEY, Misclassified.toJson(mistakes));

        BufferedImage grid = Charts.misclassified("m", metrics, source -> Optional.ofNullable(pictures.get(source)))
            .orElseThrow();

        assertEquals(4 * MisclassifiedGrid.CELL_WIDTH, grid.getWidth(), "four to a row");
        assertEquals(MisclassifiedGrid.TITLE_HEIGHT + 2 * MisclassifiedGrid.CELL_HEIGHT, grid.getHeight(),
            "five mistakes fill two rows");
        int middle = MisclassifiedGrid.PAD + MisclassifiedGrid.PICTURE / 2;
        for (int i : new int[] {0, 2, 3, 4}) {
            assertEquals(colours.get(i).getRGB(), grid.getRGB((i % 4) * MisclassifiedGrid.CELL_WIDTH + middle,
                MisclassifiedGrid.TITLE_HEIGHT + (i / 4) * MisclassifiedGrid.CELL_HEIGHT + middle),
                "picture " + i + " in its cell");
        }
        assertEquals(0xFFEEEEEE, grid.getRGB(MisclassifiedGrid.CELL_WIDTH + middle, MisclassifiedGrid.TITLE_HEIGHT + 20),
            "a picture that cannot be had leaves its frame");
        assertEquals(Charts.RED.getRGB(), grid.getRGB(MisclassifiedGrid.PAD, MisclassifiedGrid.TITLE_HEIGHT + middle),
            "every mistake framed in red");
        assertFalse(Charts.misclassified("m", new JsonObject().put(Misclassified.METRICS_KEY, new JsonArray()),
            EvaluationPictures.none()).isPresent(), "no mistakes, no grid");
    }

    @Test
    void ticksAreRoundNumbers() {
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), LinePanel.niceTicks(0, 1, 0));
        assertEquals(List.of(1.0, 2.0, 3.0), LinePanel.niceTicks(0.9, 3.1, 1), "epochs are whole");
        assertEquals("1e-05", LinePanel.format(1e-5));
        assertEquals("0.25", LinePanel.format(0.25));
    }

    /** Distinct colours in the image: a blank or single-colour picture has 1. */
    private static long colours(BufferedImage image) {
        return Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()))
            .distinct().count();
    }

    private static JsonObject epoch(int epoch, double trainLoss, double valLoss, double valAccuracy, double lr) {
        return new JsonObject().put("epoch", epoch).put("train_loss", trainLoss).put("val_loss", valLoss)
            .put("val_accuracy", valAccuracy).put("lr", lr).put("seconds", 1.0);
    }
}
