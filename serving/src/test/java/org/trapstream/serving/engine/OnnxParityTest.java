package org.trapstream.serving.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.trapstream.image.Decoding;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.ImportManifest;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.NetworkIo;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.TopK;
import org.trapstream.testkit.ReferenceModels;
import org.trapstream.testkit.ReferenceModels.Architecture;
import org.trapstream.testkit.ReferenceModels.Export;
import org.trapstream.testkit.ReferenceModels.ImageReference;
import org.trapstream.testkit.ReferenceModels.TensorReference;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An imported PyTorch network answers in Trapstream as it does in PyTorch, on real architectures (torchvision's,
 * with seeded random weights; see {@link ReferenceModels}): ONNX Runtime reproduces PyTorch's logits for the same
 * tensor, and Trapstream's own decoding and resizing of real camera-trap frames, which gives Pillow's very pixels,
 * picks PyTorch's top label wherever PyTorch's choice is clear.
 */
class OnnxParityTest {

    /**
     * Logits agree when |onnx - pytorch| <= 1e-3 * max(1, largest |pytorch| logit of the image): float rounding in
     * a logit grows with the magnitudes summed into it, of which the image's largest logit is the measure, not
     * with the logit's own value (a logit near 0 in a row reaching 50 is as inexact as the rest).
     */
    private static final double LOGIT_TOLERANCE = 1e-3;
    /** PyTorch's top softmax probability minus its second: above this, Trapstream must pick the same label. */
    private static final double CLEAR_MARGIN = 0.05;
    /** Fewer clear images than this and the check could pass with nothing compared. */
    private static final int MIN_CLEAR_IMAGES = 5;
    private static final ImageLimits LIMITS = ImageLimits.defaults();

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"RESNET50", "MOBILENET_V3_LARGE", "EFFICIENTNET_B0"})
    void onnxRuntimeGivesPyTorchsLogitsForTheSameTensor(Architecture architecture) throws IOException {
        Export export = ReferenceModels.export(architecture);
        TensorReference pytorch = export.tensor();
        NetworkIo io = NetworkIo.fromJson(export.manifestJson());

        float[][] onnx;
        try (Network network = InferenceEngines.standard().forFormat(NetworkIo.Format.ONNX).load(export.onnx(), io)) {
            onnx = network.run(new InputBatch(pytorch.input(), pytorch.shape()));
        }

        assertEquals(pytorch.logits().length, onnx.length, "rows");
        double worst = 0;
        List<String> outside = new ArrayList<>();
        for (int image = 0; image < onnx.length; image++) {
            assertEquals(pytorch.logits()[image].length, onnx[image].length, "logits of image " + image);
            for (int label = 0; label < onnx[image].length; label++) {
                double error = relativeError(onnx[image][label], pytorch.logits()[image][label],
                    largestMagnitude(pytorch.logits()[image]));
                worst = Math.max(worst, error);
                if (error > LOGIT_TOLERANCE) {
                    outside.add(String.format(Locale.ROOT, "image %d logit %d: onnx %.6f, pytorch %.6f", image,
                        label, onnx[image][label], pytorch.logits()[image][label]));
                }
            }
        }
        String summary = String.format(Locale.ROOT, "%s, same tensor: max relative logit difference %.2e",
            architecture.code(), worst);
        System.out.println(summary);
        assertEquals(List.of(), outside, summary + " (tolerance " + LOGIT_TOLERANCE + ")");
    }

    /**
     * An imported network's frames are decoded exactly as Pillow decodes them by default ({@code input.decode}
     * absent: {@link Decoding#EXACT}), so Trapstream shows the network PyTorch's pixels and must pick its top label on
     * every clear frame. The fast decode's agreement is reported beside it: the EfficientNet with random weights
     * turns on differences under one grey level, which the fast decode has.
     */
    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"RESNET50", "MOBILENET_V3_LARGE", "EFFICIENTNET_B0"})
    void trapstreamsPreprocessingPicksPyTorchsTopLabelOnRealFrames(Architecture architecture, @TempDir Path registryDir)
            throws IOException {
        List<Path> frames = realFrames();
        Export export = ReferenceModels.export(architecture);
        List<ImageReference> pytorch = ReferenceModels.imageReferences(export, frames);
        ModelRegistry registry = new ModelRegistry(registryDir);
        ModelMetadata version = registry.importNetwork(export.onnx(), ImportManifest.draft(export.manifestJson()));
        assertEquals(Decoding.EXACT, version.network().decoding(), "an imported network's default");

        Agreement exact;
        Agreement fast;
        try (LoadedModel model = registry.load(version.version());
             Network network = registry.engines().forFormat(version.network().format())
                 .load(registry.modelFile(version), version.network())) {
            exact = agreement(model, network, new Preprocessor(version), frames, pytorch);
            fast = agreement(model, network, new Preprocessor(version.withNetwork(decodedFast(version.network()))),
                frames, pytorch);
        }

        String summary = architecture.code() + ", real frames, exact decoding: " + exact.summary();
        System.out.println(summary);
        System.out.println(architecture.code() + ", real frames, fast decoding: " + fast.summary()
            + (fast.disagreements.isEmpty() ? "" : "; disagreements: " + fast.disagreements));
        assertTrue(exact.clear >= MIN_CLEAR_IMAGES, summary + ": too few images with a clear PyTorch top label"
            + " to prove anything (raise reference_models.py's --head-scale)");
        assertEquals(List.of(), exact.disagreements, summary);
    }

    private static Agreement agreement(LoadedModel model, Network network, Preprocessor preprocessor, List<Path> frames,
                                       List<ImageReference> pytorch) {
        InputBatch batch = preprocessor.stack(frames.stream()
            .map(frame -> preprocessor.preprocess(bytes(frame), LIMITS)).toList());
        float[][] probabilities = model.predict(batch);
        float[][] logits = network.run(batch);
        Agreement agreement = new Agreement(model.metadata().labels());
        for (int i = 0; i < frames.size(); i++) {
            agreement.add(frames.get(i), pytorch.get(i), probabilities[i], logits[i]);
        }
        return agreement;
    }

    private static NetworkIo decodedFast(NetworkIo io) {
        JsonObject json = io.toJson();
        json.getJsonObject("input").put("decode", Decoding.FAST.code());
        return NetworkIo.fromJson(json);
    }

    /** Trapstream's top labels against PyTorch's, and how far their logits are apart. */
    private static final class Agreement {
        private final List<String> labels;
        private final List<String> disagreements = new ArrayList<>();
        private int compared;
        private int clear;
        private int sameTop;
        private double absoluteLogitDifference;
        private double absoluteLogit;
        private int logitCount;

        Agreement(List<String> labels) {
            this.labels = labels;
        }

        void add(Path frame, ImageReference pytorch, float[] probabilities, float[] logits) {
            assertEquals(frame.toAbsolutePath(), pytorch.image(), "PyTorch's references come in the order asked");
            assertEquals(labels.size(), pytorch.logits().length, "PyTorch's logits");
            String trapstreamTop = TopK.of(probabilities, labels, 1).get(0).label();
            String pytorchTop = labels.get(pytorch.top1());
            compared++;
            if (trapstreamTop.equals(pytorchTop)) {
                sameTop++;
            }
            if (pytorch.margin() > CLEAR_MARGIN) {
                clear++;
                if (!trapstreamTop.equals(pytorchTop)) {
                    disagreements.add(String.format(Locale.ROOT, "%s: Trapstream %s, PyTorch %s by a margin of %.3f",
                        frame.getFileName(), trapstreamTop, pytorchTop, pytorch.margin()));
                }
            }
            for (int label = 0; label < logits.length; label++) {
                absoluteLogitDifference += Math.abs(logits[label] - pytorch.logits()[label]);
                absoluteLogit += Math.abs(pytorch.logits()[label]);
                logitCount++;
            }
        }

        String summary() {
            return String.format(Locale.ROOT, "%d images compared, %d with PyTorch's top-1 margin > %.2f, of which %d"
                    + " agree; top-1 agrees on %d of all %d; mean |logit difference| %.4f (PyTorch's mean |logit| %.3f)",
                compared, clear, CLEAR_MARGIN, clear - disagreements.size(), sameTop, compared,
                absoluteLogitDifference / logitCount, absoluteLogit / logitCount);
        }
    }

    /** |a - b| / max(1, scale): see {@link #LOGIT_TOLERANCE}. */
    private static double relativeError(double actual, double expected, double scale) {
        return Math.abs(actual - expected) / Math.max(1, scale);
    }

    private static double largestMagnitude(float[] values) {
        double largest = 0;
        for (float value : values) {
            largest = Math.max(largest, Math.abs(value));
        }
        return largest;
    }

    /** The Serengeti frames (2048x1536, EXIF-oriented) and the Borneo test thumbnails (100x75). */
    private static List<Path> realFrames() throws IOException {
        Path serengeti = SharedDatasets.require(SharedDatasets.SERENGETI).resolve("images");
        Path borneo = SharedDatasets.require(SharedDatasets.BORNEO).resolve("test");
        return Stream.concat(jpegs(serengeti).stream(), jpegs(borneo).stream()).toList();
    }

    private static List<Path> jpegs(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
                .sorted().toList();
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
