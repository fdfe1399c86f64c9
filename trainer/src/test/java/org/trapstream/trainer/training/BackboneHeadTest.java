package org.trapstream.trainer.training;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.model.eval.Misclassified;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.plot.Charts;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.serving.FeatureGaussian;
import org.trapstream.serving.ImportManifest;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.NetworkIo;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.OodScore;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.TinyOnnx;
import org.trapstream.testkit.TestImages;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.labels.SplitAssigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retraining on an imported backbone: a new head learns classes the backbone never saw from its frozen features,
 * is saved as one ONNX network served by the same engine, and the next run reads every feature from the cache.
 */
class BackboneHeadTest {

    private static final List<String> CLASSES = List.of("reddish", "greenish", "bluish");
    private static final Color[] HUES = {new Color(200, 40, 30), new Color(40, 170, 50), new Color(30, 50, 190)};
    private static final int PER_CLASS = 40;
    private static final int SIZE = 32;
    private static final ImageLimits LIMITS = new ImageLimits(16 << 20, 50_000_000, 16);

    @Test
    void aNewHeadOnAnImportedBackboneLearnsNewClassesAndReusesCachedFeatures(@TempDir Path data) throws Exception {
        ModelRegistry registry = new ModelRegistry(data.resolve("models"));
        ModelMetadata backbone = importBackbone(registry, data);
        registry.promote(backbone.version());
        ImageStore images = new ImageStore(data.resolve("images"));
        LabelStore labels = LabelStore.open(data.resolve("labels"));
        labels.append(labelledImages(images, new Random(3)));
        TrainingOptions options = TrainingOptions.from(TrapstreamConfig.of(TrainingSettings.DEFINITION, Map.of()));
        TrainingRun run = new TrainingRun(labels, images, registry,
            new TrainingRun.Settings(new SplitAssigner(20, 20, 0), new PromotionGate(0.0, 1.0, 1), options, LIMITS, 0));

        RunResult first = run.run(() -> false);

        assertEquals(RunOutcome.PROMOTED, first.outcome(), first.reason());
        ModelMetadata head = registry.metadata(first.version());
        assertEquals(CLASSES.stream().sorted().toList(), head.labels(), "the snapshot's classes, in label order");
        assertEquals(NetworkIo.Format.ONNX, head.network().format());
        assertEquals(TrainingRun.HEAD_OUTPUT, head.network().outputName());
        assertEquals(backbone.version(), head.architecture().getJsonObject(TrainingRun.BACKBONE).getString("version"));
        assertEquals(3 * PER_CLASS, head.timings().getInteger("features_computed"), "every image passed the backbone once");
        assertTrue(head.metric("macro_f1") > 0.9, "the new classes are learnt: " + head.metrics().encode());
        JsonObject calibration = head.metrics().getJsonObject("calibration");
        assertEquals(head.temperature(), calibration.getDouble("temperature"), "calibrated like every candidate");
        assertEquals(head.metric("images"), calibration.getInteger("evaluation_images").doubleValue());
        assertTrue(Files.exists(registry.versionDir(head.version()).resolve(Charts.LEARNING_CURVES_FILE)),
            "its charts beside it");
        OodDetector ood = head.ood().orElseThrow();
        assertEquals(OodScore.MAHALANOBIS, ood.method(), "the backbone's features are at hand");
        assertEquals(3, ood.featureWidth());
        assertTrue(Files.exists(registry.versionDir(head.version()).resolve(FeatureGaussian.FILE)));
        List<Misclassified> mistakes = Misclassified.of(head.metrics());
        int accuracyMistakes = (int) Math.round((1 - head.metric("accuracy")) * head.metric("images"));
        assertEquals(Math.min(accuracyMistakes, Misclassified.MAX_KEPT), mistakes.size(), head.metrics().encode());
        assertTrue(mistakes.stream().allMatch(m -> ImageIds.isValid(m.source()) && images.contains(m.source())),
            "streamed images are named by image id: " + mistakes);
        assertEquals(!mistakes.isEmpty(),
            Files.exists(registry.versionDir(head.version()).resolve(Charts.MISCLASSIFIED_FILE)),
            "a grid only when there are mistakes");
        try (LoadedModel served = registry.load(head.version())) {
            Preprocessor preprocessor = new Preprocessor(head);
            for (int k = 0; k < CLASSES.size(); k++) {
                float[] input = preprocessor.preprocess(TestImages.jpeg(tinted(HUES[k], new Random(100 + k))), LIMITS);
                LoadedModel.Classified classified = served.classify(preprocessor.stack(List.of(input)));
                assertEquals(CLASSES.get(k), head.labels().get(Scoring.argMax(classified.probabilities()[0])),
                    "a fresh image");
                assertFalse(classified.outOfDistribution()[0], "a fresh image like the training ones: distance "
                    + classified.oodScores()[0] + ", threshold " + ood.threshold());
            }
            float[] white = preprocessor.preprocess(TestImages.jpeg(tinted(Color.WHITE, new Random(7))), LIMITS);
            LoadedModel.Classified unlike = served.classify(preprocessor.stack(List.of(white)));
            assertTrue(unlike.outOfDistribution()[0], "white, unlike every training image: distance "
                + unlike.oodScores()[0] + ", threshold " + ood.threshold());
        }

        RunResult second = run.run(() -> false);

        ModelMetadata again = registry.metadata(second.version());
        assertEquals(backbone.version(), again.architecture().getJsonObject(TrainingRun.BACKBONE).getString("version"),
            "a head is trained on the backbone, not on the previous head");
        assertEquals(0, again.timings().getInteger("features_computed"));
        assertEquals(3 * PER_CLASS, again.timings().getInteger("features_cached"));
    }

    private static ModelMetadata importBackbone(ModelRegistry registry, Path dir) throws Exception {
        Path onnx = Files.write(dir.resolve("backbone.onnx"), TinyOnnx.colourClassifier(4, SIZE, 8f));
        JsonObject manifest = TinyOnnx.manifest(List.of("a", "b", "c", "d"), SIZE);
        return registry.importNetwork(onnx, ImportManifest.draft(manifest));
    }

    private static List<LabelRecord> labelledImages(ImageStore images, Random random) {
        List<LabelRecord> records = new ArrayList<>();
        for (int k = 0; k < CLASSES.size(); k++) {
            for (int i = 0; i < PER_CLASS; i++) {
                byte[] jpeg = TestImages.jpeg(tinted(HUES[k], random));
                String id = ImageIds.of(jpeg);
                images.put(id, jpeg);
                records.add(new LabelRecord(id, CLASSES.get(k), "ana", Instant.now(), LabelRecord.SOURCE_FEEDBACK, null));
            }
        }
        return records;
    }

    /** A noisy picture of one hue: the channel means differ per class, the pixels per image. */
    private static BufferedImage tinted(Color hue, Random random) {
        BufferedImage image = TestImages.noise(random, 48, 40);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int noise = image.getRGB(x, y) & 0xFF;
                int r = clamp(hue.getRed() + (noise - 128) / 3);
                int g = clamp(hue.getGreen() + (noise - 128) / 3);
                int b = clamp(hue.getBlue() + (noise - 128) / 3);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(int channel) {
        return Math.max(0, Math.min(255, channel));
    }

}
