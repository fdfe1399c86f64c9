package org.trapstream.trainer.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.model.data.LabeledImage;

/**
 * A dataset described by a COCO Camera Traps JSON file: {@code images[]} ({@code id}, {@code file_name}
 * relative to the images folder), {@code annotations[]} ({@code image_id}, {@code category_id}) and
 * {@code categories[]} ({@code id}, {@code name}).
 *
 * <p>An image-level classifier needs one label per image: when an image has several annotations the first one
 * in the file wins. Categories with a blank name carry no label and their annotations are skipped (a category
 * literally named "empty" is a real class in camera-trap data and is kept). Images without a usable
 * annotation, and files that are not in the images folder, are left out and counted. An image's {@code location}
 * (COCO Camera Traps names the camera's place so) is its site.
 */
public final class CocoDataset {

    public static Listing list(Path json, Path imagesDir) {
        JsonObject coco = read(json);
        Map<String, String> categoryNames = new HashMap<>();
        for (JsonObject category : objects(coco, "categories")) {
            String name = category.getString("name", "");
            if (!name.isBlank()) {
                categoryNames.put(idOf(category.getValue("id")), name.strip());
            }
        }
        Map<String, String> labelOfImage = new HashMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (JsonObject annotation : objects(coco, "annotations")) {
            String label = categoryNames.get(idOf(annotation.getValue("category_id")));
            if (label == null) {
                skipped.merge("annotation_without_category_name", 1, Integer::sum);
            } else {
                labelOfImage.putIfAbsent(idOf(annotation.getValue("image_id")), label);
            }
        }
        List<LabeledImage> files = new ArrayList<>();
        for (JsonObject image : objects(coco, "images")) {
            String label = labelOfImage.get(idOf(image.getValue("id")));
            Path file = imagesDir.resolve(image.getString("file_name", ""));
            if (label == null) {
                skipped.merge("unlabelled", 1, Integer::sum);
            } else if (!file.normalize().startsWith(imagesDir.normalize()) || !Files.isRegularFile(file)) {
                skipped.merge("missing_file", 1, Integer::sum);
            } else {
                Object location = image.getValue("location");
                files.add(location == null ? new LabeledImage(file, label)
                    : new LabeledImage(file, label, idOf(location)));
            }
        }
        return new Listing(List.copyOf(files), skipped);
    }

    /** COCO ids are numbers in some exports and strings in others; compare them as text. */
    private static String idOf(Object id) {
        return id instanceof Number n && n.doubleValue() == n.longValue() ? Long.toString(n.longValue()) : String.valueOf(id);
    }

    private static List<JsonObject> objects(JsonObject coco, String field) {
        JsonArray array = coco.getJsonArray(field);
        if (array == null) {
            throw new IllegalArgumentException("COCO file has no '" + field + "' array");
        }
        return array.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
    }

    private static JsonObject read(Path json) {
        try {
            return new JsonObject(Files.readString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + json, e);
        }
    }

    private CocoDataset() {
    }
}
