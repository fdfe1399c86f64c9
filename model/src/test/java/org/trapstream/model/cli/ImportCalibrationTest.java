package org.trapstream.model.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.eval.Scoring;
import org.trapstream.serving.FeatureGaussian;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelVerificationException;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.OodScore;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.TinyOnnx;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void theFeatureOutputGetsAMahalanobisDetectorThatFlagsAPictureTheNetworkIsSureOfButHasNotSeenTheLikeOf()
            throws IOException {
        Path registryDir = dir.resolve("models");
        CommandRun imported = importNetwork(registryDir,
            TinyOnnx.labelledFolder(dir.resolve("labelled"), LABELS, LABELS, PER_LABEL, COLOUR_SPREAD));
        assertEquals(0, imported.exitCode(), imported.stderr());
        ModelRegistry registry = new ModelRegistry(registryDir);
        ModelMetadata version = registry.metadata(imported.lastLine());
        OodDetector detector = version.ood().orElseThrow();
        assertEquals(OodScore.MAHALANOBIS, detector.method(), "the manifest names a feature output");
        assertEquals(3, detector.featureWidth());
        assertEquals(LABELS.size() * PER_LABEL / 2, detector.validationImages(), "fitted on the fitting half");
        assertTrue(detector.validationFpr() <= OutOfDistribution.DEFAULT_TARGET_FPR, detector.toJson().encode());

        Path unseen = TinyOnnx.labelledFolder(dir.resolve("unseen"), LABELS, LABELS, PER_LABEL, COLOUR_SPREAD, 99);
        try (LoadedModel model = registry.load(version.version())) {
            Preprocessor preprocessor = new Preprocessor(version);
            long flagged = 0;
            List<Path> files;
            try (var walk = Files.walk(unseen)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                flagged += classify(model, preprocessor, Files.readAllBytes(file)).outOfDistribution()[0] ? 1 : 0;
            }
            assertTrue(flagged <= files.size() * 0.15, flagged + " of " + files.size() + " new pictures like the "
                + "labelled ones flagged");

            // Blue has no part in the labelled pictures; the network's blue weights make it sure of a label anyway.
            LoadedModel.Classified blue = classify(model, preprocessor,
                TestImages.encode(TestImages.halves(48, 40, Color.BLUE, Color.BLUE), "jpeg"));
            assertTrue(blue.probabilities()[0][Scoring.argMax(blue.probabilities()[0])] > 0.9,
                "the network is sure of it: " + Arrays.toString(blue.probabilities()[0]));
            assertTrue(blue.outOfDistribution()[0], "distance " + blue.oodScores()[0] + " over " + detector.threshold());
        }

        Path gaussian = registry.versionDir(version.version()).resolve(FeatureGaussian.FILE);
        byte[] tampered = Files.readAllBytes(gaussian);
        tampered[tampered.length - 1] ^= 1;
        Files.write(gaussian, tampered);
        ModelVerificationException refused = assertThrows(ModelVerificationException.class,
            () -> registry.load(version.version()));
        assertTrue(refused.getMessage().contains("cannot read its out-of-distribution detector"), refused.getMessage());
    }

    private static LoadedModel.Classified classify(LoadedModel model, Preprocessor preprocessor, byte[] jpeg) {
        try {
            return model.classify(preprocessor.stack(List.of(preprocessor.preprocess(jpeg, ImageLimits.defaults()))));
        } catch (ImageRejectedException e) {
            throw new AssertionError(e);
        }
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
