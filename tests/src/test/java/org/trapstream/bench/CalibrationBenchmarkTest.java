package org.trapstream.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./bench calibration} end to end on a small generated set: a network really trained in PyTorch, imported
 * with {@code --calibrate-on}, and a head fitted on its features, each with its calibration measured; its
 * out-of-distribution scores compared on pictures of none of its classes.
 */
class CalibrationBenchmarkTest {

    private static final List<Color> CLASSES = List.of(Color.RED, Color.GREEN, Color.BLUE);
    private static final int PER_CLASS = 12;
    private static final int OUTSIDE = 8;

    @Test
    void bothImportedPathsReportTheirTemperatureAndCalibrationErrors(@TempDir Path dir) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        try {
            TorchScripts.prepare(work);
        } catch (TorchScripts.Unavailable e) {
            Assumptions.abort(e.getMessage());
        }
        Path train = labelledFolder(dir.resolve("train"), 1);
        Path test = labelledFolder(dir.resolve("test"), 2);

        Path greys = greyNoise(dir.resolve("outside"));

        JsonObject result = CalibrationBenchmark.measure(train, test, Map.of("grey noise", greys), 2, work);

        for (String path : List.of("import", "head")) {
            JsonObject calibration = result.getJsonObject(path).getJsonObject("calibration");
            assertTrue(calibration.getDouble("temperature") > 0, path + ": " + calibration.encode());
            for (String error : List.of("ece_before", "ece_after")) {
                double ece = calibration.getDouble(error);
                assertTrue(ece >= 0 && ece <= 1, path + " " + error + ": " + ece);
            }
            double accuracy = result.getJsonObject(path).getDouble("accuracy");
            assertTrue(accuracy >= 0 && accuracy <= 1, path + " accuracy: " + accuracy);
        }
        JsonObject imported = result.getJsonObject("import").getJsonObject("calibration");
        assertEquals(CLASSES.size() * PER_CLASS, imported.getInteger("validation_images")
            + imported.getInteger("evaluation_images"), "the importer uses every test image once, on one side");
        JsonObject head = result.getJsonObject("head");
        assertEquals(CLASSES.size() * PER_CLASS / 2, head.getInteger("train_images"), "half the test split teaches");
        assertEquals(64, head.getInteger("features"), "the small network's pooled features");
        JsonObject methods = result.getJsonObject("ood").getJsonObject("methods");
        assertEquals(4, methods.size(), methods.encode());
        methods.forEach(method -> {
            JsonObject greyNoise = ((JsonObject) method.getValue()).getJsonObject("grey noise");
            assertEquals(OUTSIDE, greyNoise.getInteger("images"), method.getKey());
            double auroc = greyNoise.getDouble("auroc");
            assertTrue(auroc >= 0 && auroc <= 1, method.getKey() + ": " + auroc);
        });
        assertTrue(methods.getJsonObject("Mahalanobis distance on the features, nearest class")
            .getJsonObject("grey noise").getDouble("auroc") > 0.9,
            "grey noise lies far from every colour's features: " + methods.encode());
        String table = CalibrationBenchmark.markdown(result);
        assertTrue(table.contains("| import with `--calibrate-on`") && table.contains("| new head on its features"),
            table);
    }

    @Test
    void aWrongCommandLineIsRefusedWithTheOption() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
            () -> CalibrationBenchmark.Options.parse(List.of("--epochs", "0")));
        assertTrue(zero.getMessage().contains("--epochs"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CalibrationBenchmark.Options.parse(List.of("--out")));
        assertThrows(IllegalArgumentException.class, () -> CalibrationBenchmark.Options.parse(List.of("--fast")));
    }

    /** Pictures of none of the classes: grey with grey specks. */
    private static Path greyNoise(Path root) throws IOException {
        Files.createDirectories(root);
        Random random = new Random(3);
        for (int i = 0; i < OUTSIDE; i++) {
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            for (int speck = 0; speck < 100; speck++) {
                int grey = random.nextInt(256);
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(random.nextInt(40), random.nextInt(40), 4, 4);
            }
            g.dispose();
            Files.write(root.resolve(i + ".jpg"), TestImages.jpeg(image));
        }
        return root;
    }

    /** {@code <class>/<n>.jpg}: noisy pictures in each class's colour. */
    private static Path labelledFolder(Path root, long seed) throws IOException {
        Random random = new Random(seed);
        for (Color colour : CLASSES) {
            Path folder = Files.createDirectories(root.resolve("c" + Integer.toHexString(colour.getRGB())));
            for (int i = 0; i < PER_CLASS; i++) {
                BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(colour);
                g.fillRect(0, 0, 40, 40);
                for (int speck = 0; speck < 60; speck++) {
                    g.setColor(new Color(random.nextInt(0x1000000)));
                    g.fillRect(random.nextInt(40), random.nextInt(40), 4, 4);
                }
                g.dispose();
                Files.write(folder.resolve(i + ".jpg"), TestImages.jpeg(image));
            }
        }
        return root;
    }
}
