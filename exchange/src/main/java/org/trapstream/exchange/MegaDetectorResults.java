package org.trapstream.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A results file in the MegaDetector batch output format (version {@value #FORMAT_VERSION}, read from 1.3 on), which
 * MegaDetector, SpeciesNet's converter and AddaxAI write and Timelapse reads: {@code info} with its
 * {@code format_version}, {@code detection_categories} and optional {@code classification_categories} (ids are
 * non-negative integers written as strings, names are not blank), and {@code images}, each with its {@code file}
 * and either a {@code detections} list or a {@code failure}. A detection has a {@code category}, a {@code conf} and
 * a {@code bbox} ({@code [x, y, width, height]} relative to the image), and optionally {@code classifications},
 * pairs of a classification category and its confidence in descending order.
 *
 * <p>{@link #parse} checks all of it and refuses a file with the first problem, named by its place in the file
 * ({@code images[3].detections[0].conf}), so that nothing is taken from a file that does not hold.
 */
public record MegaDetectorResults(JsonObject info, Map<String, String> detectionCategories,
                                  Map<String, String> classificationCategories, List<Image> images) {

    public static final String FORMAT_VERSION = "1.6";
    /** The oldest version whose layout this reader knows (the format's own validator starts there too). */
    static final double OLDEST_VERSION = 1.3;
    /** The detection categories MegaDetector writes; other tools use the same ids. */
    public static final Map<String, String> STANDARD_DETECTION_CATEGORIES =
        Map.of("1", "animal", "2", "person", "3", "vehicle");
    public static final String ANIMAL_CATEGORY = "1";
    /** A box around the whole image, for a classifier that looked at all of it. */
    public static final List<Double> WHOLE_IMAGE = List.of(0.0, 0.0, 1.0, 1.0);

    /** One image: processed ({@code failure} null, the detections possibly empty) or failed (no detections). */
    public record Image(String file, String failure, List<Detection> detections) {
    }

    /** What a detector found, with what a classifier said it is (most confident first). */
    public record Detection(String category, double conf, List<Double> bbox, List<Classification> classifications) {
    }

    public record Classification(String category, double conf) {
    }

    /**
     * The most confident detection at or above {@code threshold}: what the image shows. Empty when there is none,
     * which the format reads as an image with nothing in it.
     */
    public static Optional<Detection> strongest(Image image, double threshold) {
        return image.detections().stream()
            .filter(detection -> detection.conf() >= threshold)
            .max(Comparator.comparingDouble(Detection::conf));
    }

    /** The detection threshold the file recommends to its readers ({@code typical_detection_threshold}), if any. */
    public Optional<Double> typicalDetectionThreshold() {
        JsonObject metadata = info.getValue("detector_metadata") instanceof JsonObject m ? m : null;
        return metadata != null && metadata.getValue("typical_detection_threshold") instanceof Number n
            ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    /** Reads and checks a results file's text; {@link IllegalArgumentException} names the first problem. */
    public static MegaDetectorResults parse(String text) {
        return parse(json(text));
    }

    /** A results file's JSON; {@link IllegalArgumentException} when it is not a JSON object. */
    public static JsonObject json(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /** Checks and reads a results file; {@link IllegalArgumentException} names the first problem. */
    public static MegaDetectorResults parse(JsonObject root) {
        JsonObject info = object(root, "info", "info");
        Object version = info.getValue("format_version");
        if (!(version instanceof String versionText) || !isVersion(versionText)) {
            throw new IllegalArgumentException("info.format_version: must be a version written as a string, e.g. \""
                + FORMAT_VERSION + "\", not " + version);
        }
        if (Double.parseDouble(versionText) < OLDEST_VERSION) {
            throw new IllegalArgumentException("info.format_version: " + versionText + " is older than " + OLDEST_VERSION
                + ", whose layout this reader knows");
        }
        Map<String, String> detectionCategories = categories(object(root, "detection_categories",
            "detection_categories"), "detection_categories");
        Map<String, String> classificationCategories = root.getValue("classification_categories") == null
            ? Map.of()
            : categories(object(root, "classification_categories", "classification_categories"),
                "classification_categories");
        JsonArray images = array(root.getValue("images"), "images");
        List<Image> read = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            read.add(image(images.getValue(i), "images[" + i + "]", detectionCategories, classificationCategories));
        }
        return new MegaDetectorResults(info, detectionCategories, classificationCategories, List.copyOf(read));
    }

    private static Image image(Object value, String where, Map<String, String> detectionCategories,
                               Map<String, String> classificationCategories) {
        if (!(value instanceof JsonObject image)) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        if (!(image.getValue("file") instanceof String file) || file.isBlank()) {
            throw new IllegalArgumentException(where + ".file: must be a file name");
        }
        Object failure = image.getValue("failure");
        if (failure != null) {
            if (!(failure instanceof String reason)) {
                throw new IllegalArgumentException(where + ".failure: must be a string or null");
            }
            if (image.getValue("detections") instanceof JsonArray list && !list.isEmpty()) {
                throw new IllegalArgumentException(where + ": a failed image carries no detections");
            }
            return new Image(file, reason, List.of());
        }
        JsonArray detections = array(image.getValue("detections"), where + ".detections");
        List<Detection> read = new ArrayList<>();
        for (int d = 0; d < detections.size(); d++) {
            read.add(detection(detections.getValue(d), where + ".detections[" + d + "]", detectionCategories,
                classificationCategories));
        }
        return new Image(file, null, List.copyOf(read));
    }

    private static Detection detection(Object value, String where, Map<String, String> detectionCategories,
                                       Map<String, String> classificationCategories) {
        if (!(value instanceof JsonObject detection)) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        String category = mapped(detection.getValue("category"), detectionCategories, where + ".category",
            "detection_categories");
        double conf = confidence(detection.getValue("conf"), where + ".conf");
        JsonArray box = array(detection.getValue("bbox"), where + ".bbox");
        List<Double> bbox = new ArrayList<>();
        for (Object coordinate : box) {
            if (!(coordinate instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException(where + ".bbox: must be four numbers");
            }
            bbox.add(n.doubleValue());
        }
        if (bbox.size() != 4) {
            throw new IllegalArgumentException(where + ".bbox: must be four numbers, not " + bbox.size());
        }
        List<Classification> classifications = new ArrayList<>();
        Object listed = detection.getValue("classifications");
        if (listed != null) {
            JsonArray pairs = array(listed, where + ".classifications");
            for (int c = 0; c < pairs.size(); c++) {
                String at = where + ".classifications[" + c + "]";
                if (!(pairs.getValue(c) instanceof JsonArray pair) || pair.size() != 2) {
                    throw new IllegalArgumentException(at + ": must be a pair [category, confidence]");
                }
                classifications.add(new Classification(
                    mapped(pair.getValue(0), classificationCategories, at + "[0]", "classification_categories"),
                    confidence(pair.getValue(1), at + "[1]")));
            }
        }
        classifications.sort(Comparator.comparingDouble(Classification::conf).reversed());
        return new Detection(category, conf, List.copyOf(bbox), List.copyOf(classifications));
    }

    private static String mapped(Object id, Map<String, String> categories, String where, String table) {
        if (!(id instanceof String text) || !categories.containsKey(text)) {
            throw new IllegalArgumentException(where + ": " + id + " is not a category id of " + table);
        }
        return text;
    }

    private static double confidence(Object value, String where) {
        if (!(value instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
            throw new IllegalArgumentException(where + ": must be a confidence from 0 to 1, not " + value);
        }
        return n.doubleValue();
    }

    private static Map<String, String> categories(JsonObject table, String where) {
        Map<String, String> categories = new LinkedHashMap<>();
        for (String id : table.fieldNames()) {
            if (!id.matches("\\d{1,9}")) {
                throw new IllegalArgumentException(where + ": category id \"" + id
                    + "\" is not a non-negative integer written as a string");
            }
            if (!(table.getValue(id) instanceof String name) || name.isBlank()) {
                throw new IllegalArgumentException(where + "." + id + ": must be a category name");
            }
            categories.put(id, name.strip());
        }
        return categories;
    }

    private static boolean isVersion(String text) {
        return text.matches("\\d{1,3}(\\.\\d{1,3})?");
    }

    private static JsonObject object(JsonObject parent, String field, String where) {
        if (!(parent.getValue(field) instanceof JsonObject object)) {
            throw new IllegalArgumentException(where + ": required, an object");
        }
        return object;
    }

    private static JsonArray array(Object value, String where) {
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(where + ": required, a list");
        }
        return array;
    }
}
