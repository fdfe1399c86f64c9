package org.trapstream.serving;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.LabelName;

/**
 * The manifest an operator writes beside an ONNX file to import it ({@code trapstream models import}): what the
 * network's outputs mean and how to feed it. The shape is a contract, extended but never broken:
 * <pre>
 * {"format": "onnx",
 *  "labels": ["empty", "leopard_cat", ...],
 *  "input":  {"name": "input", "size": 224, "layout": "NCHW", "color": "RGB", "scale": 255.0,
 *             "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "resize": "stretch"},
 *  "output": {"name": "logits", "kind": "logits", "features": "features"}}
 * </pre>
 * pixel = (value / scale - mean) / std. Optional: {@code input.name} and {@code output.name} (needed only when the
 * graph has several), {@code input.decode} ({@code "exact"}, the default: Pillow's very pixels; or {@code "fast"};
 * see {@link NetworkIo#defaultDecoding}), {@code output.features} (a penultimate-layer output for transfer
 * learning), {@code name} and {@code description} (kept in the version's {@code architecture}).
 */
public final class ImportManifest {

    static final int MIN_SIZE = 8;
    static final int MAX_SIZE = 2048;

    private ImportManifest() {
    }

    /**
     * The unsaved version a manifest describes.
     *
     * @throws IllegalArgumentException naming the first key that is missing or wrong
     */
    public static ModelMetadata draft(JsonObject manifest) {
        NetworkIo io = NetworkIo.fromJson(manifest);
        if (io.format() != NetworkIo.Format.ONNX) {
            throw new IllegalArgumentException("format must be \"onnx\", got " + manifest.getValue("format"));
        }
        JsonObject input = manifest.getJsonObject("input", new JsonObject());
        int size = integer(input, "size");
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("input.size must be " + MIN_SIZE + " to " + MAX_SIZE + ", got " + size);
        }
        JsonObject architecture = new JsonObject()
            .put("name", manifest.getString("name", "imported"))
            .put("imported", true);
        if (manifest.getString("description") != null) {
            architecture.put("description", manifest.getString("description"));
        }
        return ModelMetadata.draft(architecture, labels(manifest.getValue("labels")), size,
                triple(input, "mean"), triple(input, "std"))
            .withNetwork(io);
    }

    private static List<String> labels(Object value) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw new IllegalArgumentException("labels must be a non-empty array of strings, one per network output");
        }
        List<String> labels = new ArrayList<>();
        for (Object label : array) {
            String name = label instanceof String s ? s : null;
            if (name == null || !LabelName.isValid(name)) {
                throw new IllegalArgumentException("labels[" + labels.size() + "] " + label + ": " + LabelName.RULE);
            }
            if (labels.contains(name)) {
                throw new IllegalArgumentException("labels lists " + name + " twice");
            }
            labels.add(name);
        }
        return labels;
    }

    private static int integer(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("input." + key + " must be a whole number, got " + value);
        }
        return n.intValue();
    }

    private static List<Double> triple(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (!(value instanceof JsonArray array) || array.size() != ModelMetadata.RGB
                || !array.stream().allMatch(v -> v instanceof Number n && Double.isFinite(n.doubleValue()))) {
            throw new IllegalArgumentException("input." + key + " must be 3 numbers (R, G, B), got " + value);
        }
        return array.stream().map(v -> ((Number) v).doubleValue()).toList();
    }
}
