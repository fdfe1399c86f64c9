package org.trapstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * PyTorch reference networks for parity tests: torchvision architectures with seeded random weights, exported to
 * ONNX with an import manifest, and PyTorch's own outputs to hold Trapstream's against. Made by
 * {@code python/reference_models.py} (run it with {@code --help}) on Debian's Python ({@link SystemPython});
 * tests that need them are skipped, saying why, where that Python lacks torch, torchvision or onnx.
 *
 * <p>Exports are cached per architecture and labels for the whole JVM, so several tests share one, and deleted
 * when the JVM exits.
 */
public final class ReferenceModels {

    /** Eight labels, {@code class_0} to {@code class_7}. */
    public static final List<String> DEFAULT_LABELS = IntStream.range(0, 8).mapToObj(i -> "class_" + i).toList();

    // Generous: two busy cores can take a minute over ResNet-50.
    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REFERENCE_TIMEOUT = Duration.ofMinutes(5);

    private static final Map<Key, Export> EXPORTS = new HashMap<>();
    private static Path workDir;
    private static SystemPython python;

    private ReferenceModels() {
    }

    /** The networks the script builds. */
    public enum Architecture {
        RESNET50, MOBILENET_V3_LARGE, EFFICIENTNET_B0,
        /** A few conv/bn/relu layers and a linear head: exports in a second or two, for tests that need any network. */
        TINY;

        /** The name torchvision and the script use, e.g. {@code mobilenet_v3_large}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An exported network: the ONNX file, its manifest (the {@code ImportManifest} contract: NCHW RGB input
     * "input" of 224, ImageNet normalisation, stretched; output "logits"), and PyTorch's logits for a seeded tensor.
     */
    public record Export(Architecture architecture, List<String> labels, Path onnx, Path manifest,
                         TensorReference tensor) {

        public JsonObject manifestJson() {
            return new JsonObject(read(manifest));
        }
    }

    /** A seeded input tensor ({@code shape} [2, 3, 224, 224], row-major) and PyTorch's logits, one row per image. */
    public record TensorReference(float[] input, long[] shape, float[][] logits) {
    }

    /**
     * PyTorch's answer for one image prepared as PyTorch users do (PIL decode, EXIF orientation, torchvision's
     * antialiased bilinear Resize to 224x224, ToTensor, Normalize): its logits, the index of the top label, and
     * the top softmax probability minus the second.
     */
    public record ImageReference(Path image, float[] logits, int top1, double margin) {
    }

    /** The architecture with {@link #DEFAULT_LABELS}. */
    public static Export export(Architecture architecture) {
        return export(architecture, DEFAULT_LABELS);
    }

    /** The architecture with one output per label, exported on first use. */
    public static synchronized Export export(Architecture architecture, List<String> labels) {
        Key key = new Key(architecture, List.copyOf(labels));
        Export cached = EXPORTS.get(key);
        if (cached != null) {
            return cached;
        }
        Path dir = workDir().resolve(architecture.code() + "-" + EXPORTS.size());
        List<String> arguments = new ArrayList<>(List.of("export", architecture.code(), dir.toString(), "--labels"));
        arguments.addAll(labels);
        python().run(EXPORT_TIMEOUT, arguments);
        Export export = new Export(architecture, key.labels(), dir.resolve(architecture.code() + ".onnx"),
            dir.resolve(architecture.code() + ".manifest.json"), tensorReference(dir, architecture));
        EXPORTS.put(key, export);
        return export;
    }

    /** PyTorch's answers for these JPEG files from the exported network, in the same order. */
    public static List<ImageReference> imageReferences(Export export, List<Path> images) {
        Path dir = export.onnx().getParent();
        Path output;
        try {
            output = Files.createTempFile(dir, export.architecture().code() + ".references-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = new ArrayList<>(List.of("reference", export.architecture().code(), dir.toString(),
            "--output", output.toString()));
        images.forEach(image -> arguments.add(image.toAbsolutePath().toString()));
        python().run(REFERENCE_TIMEOUT, arguments);
        return new JsonObject(read(output)).getJsonArray("images").stream()
            .map(JsonObject.class::cast)
            .map(json -> new ImageReference(Path.of(json.getString("file")), floats(json.getJsonArray("logits")),
                json.getInteger("top1"), json.getDouble("margin")))
            .toList();
    }

    private record Key(Architecture architecture, List<String> labels) {
    }

    private static TensorReference tensorReference(Path dir, Architecture architecture) {
        JsonObject json = new JsonObject(read(dir.resolve(architecture.code() + ".logits.json")));
        long[] shape = json.getJsonArray("shape").stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        float[][] logits = json.getJsonArray("logits").stream()
            .map(row -> floats((JsonArray) row)).toArray(float[][]::new);
        return new TensorReference(littleEndianFloats(dir.resolve(json.getString("input"))), shape, logits);
    }

    private static float[] floats(JsonArray values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.getNumber(i).floatValue();
        }
        return floats;
    }

    private static float[] littleEndianFloats(Path file) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static synchronized SystemPython python() {
        if (python == null) {
            python = SystemPython.require(SystemPython.Script.REFERENCE_MODELS, workDir());
        }
        return python;
    }

    /** One temporary folder for the JVM's exports, removed when it exits: a ResNet-50 export is 190 MB. */
    private static synchronized Path workDir() {
        if (workDir == null) {
            try {
                workDir = Files.createTempDirectory("trapstream-reference-models-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a folder for reference models", e);
            }
            Path dir = workDir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "reference-models-cleanup"));
        }
        return workDir;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left in the temporary folder: nothing to report to while the JVM exits.
        }
    }
}
