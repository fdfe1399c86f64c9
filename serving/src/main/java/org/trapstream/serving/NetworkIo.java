package org.trapstream.serving;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import io.vertx.core.json.JsonObject;
import org.trapstream.image.Decoding;

/**
 * How a version's network is stored and fed, beyond its labels, input side and normalisation: the file format
 * (and so the engine that runs it), the input tensor's name, layout and colour order, the pixel scale, how a
 * frame of another aspect ratio is fitted to the square input, how exactly it is decoded, and what the output
 * holds. Networks that
 * Trapstream trains use {@link #DL4J}; imported ones say so in their manifest (see {@code README.md}, "Importing
 * a network"). Stored in {@code metadata.json} as {@code "network"}; absent in versions saved before it existed,
 * which are DL4J networks.
 *
 * @param inputName     the graph's input name (ONNX), or {@code null} for the network's only input
 * @param scale         pixel = (value / scale - mean) / std, with value in 0..255
 * @param decoding      {@link Decoding#FAST} for the networks trained here, which learn from that path;
 *                      {@link Decoding#EXACT} by default for imported ones (see {@link #defaultDecoding})
 * @param outputName    the graph's output name (ONNX), or {@code null} for the network's only output
 * @param featureOutput the output that gives a penultimate-layer feature vector, or {@code null}
 */
public record NetworkIo(Format format, String inputName, Layout layout, ColorOrder color, double scale,
                        Resize resize, Decoding decoding, String outputName, OutputKind outputKind,
                        String featureOutput) {

    /** A network trained here: DL4J, NCHW, RGB, 0..1 pixels, stretched, ending in a softmax. */
    public static final NetworkIo DL4J = new NetworkIo(Format.DL4J, null, Layout.NCHW, ColorOrder.RGB, 255.0,
        Resize.STRETCH, Decoding.FAST, null, OutputKind.PROBABILITIES, null);

    public NetworkIo {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(decoding, "decoding");
        Objects.requireNonNull(outputKind, "outputKind");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("input scale must be a positive number: " + scale);
        }
    }

    /** The same network read at another output: e.g. its feature output, or a head appended to it. */
    public NetworkIo withOutput(String name, OutputKind kind) {
        return new NetworkIo(format, inputName, layout, color, scale, resize, decoding, name, kind, featureOutput);
    }

    /** The file a version of this format keeps its network in, inside its directory. */
    public String modelFile() {
        return format.modelFile;
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("format", format.code())
            .put("input", new JsonObject()
                .put("name", inputName)
                .put("layout", layout.name())
                .put("color", color.name())
                .put("scale", scale)
                .put("resize", resize.code())
                .put("decode", decoding.code()))
            .put("output", new JsonObject()
                .put("name", outputName)
                .put("kind", outputKind.code())
                .put("features", featureOutput));
    }

    /**
     * Reads the {@code network} object of {@code metadata.json}, or the same keys of an import manifest
     * ({@code format}, {@code input}, {@code output}); a missing key takes {@link #DL4J}'s value, but for
     * {@code input.decode}, whose default depends on the format ({@link #defaultDecoding}).
     *
     * @throws IllegalArgumentException naming the key whose value is not allowed
     */
    public static NetworkIo fromJson(JsonObject json) {
        if (json == null) {
            return DL4J;
        }
        JsonObject input = object(json, "input");
        JsonObject output = object(json, "output");
        Format format = Format.of(json.getString("format", Format.DL4J.code()));
        return new NetworkIo(
            format,
            input.getString("name"),
            parse(Layout.class, "input.layout", input.getString("layout", Layout.NCHW.name())),
            parse(ColorOrder.class, "input.color", input.getString("color", ColorOrder.RGB.name())),
            number(input, "scale", DL4J.scale),
            parse(Resize.class, "input.resize", input.getString("resize", Resize.STRETCH.code())),
            parse(Decoding.class, "input.decode", input.getString("decode", defaultDecoding(format).code())),
            output.getString("name"),
            parse(OutputKind.class, "output.kind", output.getString("kind", OutputKind.PROBABILITIES.code())),
            output.getString("features"));
    }

    /**
     * How a network of this format is decoded when its manifest does not say: a network trained here learns from
     * {@link Decoding#FAST}, so it is served that way; an imported one was trained elsewhere, most likely on Pillow's
     * pixels (torchvision, timm), which {@link Decoding#EXACT} reproduces. Exact costs a full decode of each frame;
     * see {@code BENCHMARKS.md}, "Decoding large frames", for what that costs against fast.
     */
    public static Decoding defaultDecoding(Format format) {
        return format == Format.DL4J ? Decoding.FAST : Decoding.EXACT;
    }

    /** The network file's format, which picks the engine that runs it. */
    public enum Format {
        DL4J("model.zip"), ONNX("model.onnx");

        private final String modelFile;

        Format(String modelFile) {
            this.modelFile = modelFile;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Format of(String code) {
            return parse(Format.class, "format", code);
        }
    }

    /** Channel-first (PyTorch, DL4J) or channel-last (TensorFlow) input tensors. */
    public enum Layout { NCHW, NHWC }

    public enum ColorOrder { RGB, BGR }

    /** How a frame is fitted to the square input: stretched, padded to a square (black), or its centre cropped. */
    public enum Resize {
        STRETCH, LETTERBOX, CENTER_CROP;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Raw scores (softmax applied here, with the calibrated temperature) or probabilities that sum to 1. */
    public enum OutputKind {
        LOGITS, PROBABILITIES;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static JsonObject object(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (value != null && !(value instanceof JsonObject)) {
            throw new IllegalArgumentException(key + " must be an object, got " + value);
        }
        return value == null ? new JsonObject() : (JsonObject) value;
    }

    private static double number(JsonObject json, String key, double fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("input." + key + " must be a number, got " + value);
        }
        return n.doubleValue();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got " + value);
    }
}
