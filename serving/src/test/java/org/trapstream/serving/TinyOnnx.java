package org.trapstream.serving;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.serving.engine.OnnxProto;
import org.trapstream.testkit.TestImages;

/**
 * Writes a small, real ONNX network without any Python: input {@code [batch, 3, size, size]} (float, NCHW) →
 * GlobalAveragePool → Flatten ({@code features [batch, 3]}, a second output, for transfer learning) → Gemm →
 * {@code logits [batch, classes]}. Each class's logit is a fixed linear function of the image's mean red, green
 * and blue, so predictions depend on the picture and are the same on every run. For tests that need an
 * importable network fast; PyTorch exports of real architectures are in {@code ReferenceModels}.
 */
public final class TinyOnnx {

    /** The graph's feature output (its three channel means). */
    public static final String FEATURES = "features";

    private TinyOnnx() {
    }

    /**
     * A colour classifier over {@code classes} outputs at a fixed input side {@code size}: class {@code k}'s weights
     * are a distinct mix of the three channel means, scaled by {@code gain} so that logits spread.
     */
    public static byte[] colourClassifier(int classes, int size, float gain) {
        float[] weights = new float[classes * 3];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            double angle = 2 * Math.PI * k / classes;
            weights[k * 3] = (float) (gain * Math.cos(angle));
            weights[k * 3 + 1] = (float) (gain * Math.sin(angle));
            weights[k * 3 + 2] = (float) (gain * Math.cos(2 * angle) / 2);
            bias[k] = 0.01f * k;
        }
        OnnxProto graph = new OnnxProto()
            .message(1, OnnxProto.node("GlobalAveragePool", "pool", "pooled", "input"))
            .message(1, OnnxProto.node("Flatten", "flatten", FEATURES, "pooled"))
            .message(1, OnnxProto.node("Gemm", "gemm", "logits", FEATURES, "weights", "bias")
                .message(5, OnnxProto.intAttribute("transB", 1)))
            .string(2, "tiny-colour-classifier")
            .message(5, OnnxProto.floats("weights", weights, classes, 3))
            .message(5, OnnxProto.floats("bias", bias, classes))
            .message(11, OnnxProto.floatValue("input", 3, size, size))
            .message(12, OnnxProto.floatValue("logits", classes))
            .message(12, OnnxProto.floatValue(FEATURES, 3));
        return new OnnxProto()
            .varint(1, 7)
            .string(2, "trapstream-tests")
            .message(7, graph)
            .message(8, new OnnxProto().string(1, "").varint(2, 13))
            .bytes();
    }

    /**
     * A labelled folder for {@link #colourClassifier}: {@code <folder>/<n>.jpg}, each picture's colour pointing, in
     * the classifier's normalised RGB (see {@link #manifest}), in its label's direction give or take {@code spread}
     * radians (0.65: about a quarter cross into a neighbour's). A folder the network has no label for gets the
     * first label's colours.
     *
     * @param labels  the network's labels, in output order
     * @param folders the folders to write
     */
    public static Path labelledFolder(Path root, List<String> labels, List<String> folders, int perFolder,
                                      double spread) throws IOException {
        return labelledFolder(root, labels, folders, perFolder, spread, 7);
    }

    /** {@link #labelledFolder(Path, List, List, int, double)}, other pictures for another {@code seed}. */
    public static Path labelledFolder(Path root, List<String> labels, List<String> folders, int perFolder,
                                      double spread, long seed) throws IOException {
        Random random = new Random(seed);
        for (String folderName : folders) {
            int k = Math.max(0, labels.indexOf(folderName));
            Path folder = Files.createDirectories(root.resolve(folderName));
            for (int i = 0; i < perFolder; i++) {
                double angle = 2 * Math.PI * k / labels.size() + random.nextGaussian() * spread;
                Files.write(folder.resolve(i + ".jpg"), TestImages.jpeg(solid(new Color(channel(Math.cos(angle)),
                    channel(Math.sin(angle)), channel(0)))));
            }
        }
        return root;
    }

    /** The byte whose normalised value ((v / 255 - 0.5) / 0.25) is {@code normalised}. */
    private static int channel(double normalised) {
        return (int) Math.round(255 * (0.5 + 0.25 * normalised));
    }

    private static BufferedImage solid(Color colour) {
        BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        return image;
    }

    /**
     * The import manifest of {@link #colourClassifier} with these labels at input side {@code size}: 0.5 mean and
     * 0.25 std per channel, read at {@code logits}, with {@link #FEATURES} as its feature output.
     */
    public static JsonObject manifest(List<String> labels, int size) {
        return new JsonObject()
            .put("format", "onnx")
            .put("labels", new JsonArray(labels))
            .put("input", new JsonObject().put("name", "input").put("size", size).put("layout", "NCHW")
                .put("color", "RGB").put("scale", 255.0).put("mean", new JsonArray(List.of(0.5, 0.5, 0.5)))
                .put("std", new JsonArray(List.of(0.25, 0.25, 0.25))).put("resize", "stretch"))
            .put("output", new JsonObject().put("name", "logits").put("kind", "logits").put("features", FEATURES));
    }
}
