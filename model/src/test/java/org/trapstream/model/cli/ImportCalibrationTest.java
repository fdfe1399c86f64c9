package org.trapstream.model.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.TinyOnnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code models import --calibrate-on}: an imported network is calibrated as a network trained here is. */
class ImportCalibrationTest {

    private static final List<String> LABELS = List.of("red", "green", "blue", "grey");
    private static final int SIZE = 32;
    private static final int PER_LABEL = 40;
    /** Radians a picture's colour strays from its label's direction: about a quarter cross into a neighbour's. */
    private static final double COLOUR_SPREAD = 0.65;

    @TempDir
    Path dir;

    @Test
    void aTemperatureFittedOnHalfTheFolderSoftensAnOverconfidentNetworkMeasuredOnTheOtherHalf() throws IOException {
        Path registryDir = dir.resolve("models");
        CommandRun imported = importNetwork(registryDir,
            TinyOnnx.labelledFolder(dir.resolve("labelled"), LABELS, LABELS, PER_LABEL, COLOUR_SPREAD));

        assertEquals(0, imported.exitCode(), imported.stderr());
        ModelMetadata version = new ModelRegistry(registryDir).metadata(imported.lastLine());
        JsonObject calibration = version.metrics().getJsonObject("calibration");
        assertEquals(calibration.getDouble("temperature"), version.temperature(), "served at the fitted temperature");
        assertTrue(version.temperature() > 1.5, "a gain of 40 makes it over-confident: T = " + version.temperature());
        assertTrue(calibration.getDouble("ece_after") < calibration.getDouble("ece_before") / 2, calibration.encode());
        assertEquals(LABELS.size() * PER_LABEL, calibration.getInteger("validation_images")
            + calibration.getInteger("evaluation_images"), "every image used once, on one side");
        assertEquals(calibration.getInteger("evaluation_images").doubleValue(), version.metric("images"));
        assertTrue(version.metric("accuracy") > 0.5 && version.metric("accuracy") < 0.95, version.metrics().encode());
        assertTrue(imported.stderr().contains("calibrated on"), imported.stderr());
        RecordedMistakes.assertRecorded(version, new ModelRegistry(registryDir).versionDir(version.version()));
    }

    @Test
    void aFolderNamingALabelTheNetworkDoesNotHaveIsRefusedAndNothingIsImported() throws IOException {
        Path registryDir = dir.resolve("models");
        CommandRun refused = importNetwork(registryDir, TinyOnnx.labelledFolder(dir.resolve("labelled"), LABELS,
            List.of("red", "green", "purple"), PER_LABEL, COLOUR_SPREAD));

        assertEquals(1, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("[purple] are not labels of the network"), refused.stderr());
        assertEquals(List.of(), new ModelRegistry(registryDir).list());
    }

    private CommandRun importNetwork(Path registryDir, Path labelled) throws IOException {
        Path onnx = Files.write(dir.resolve("colours.onnx"), TinyOnnx.colourClassifier(LABELS.size(), SIZE, 40f));
        Path manifest = Files.writeString(dir.resolve("colours.json"), TinyOnnx.manifest(LABELS, SIZE).encode());
        return CommandRun.of(new ModelsCommand(), Map.of(), "import", "--onnx", onnx.toString(), "--manifest",
            manifest.toString(), "--calibrate-on", labelled.toString(), "--model-dir", registryDir.toString());
    }
}
