package org.trapstream.trainer.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.trainer.labels.LabelRecord;

/**
 * A dataset described by a COCO Camera Traps JSON file: {@code images[]} ({@code id}, {@code file_name}
 * relative to the images folder), {@code annotations[]} ({@code image_id}, {@code category_id}) and
 * {@code categories[]} ({@code id}, {@code name}).
 *
 * <p>An image-level classifier needs one label per image: when an image has several annotations the first one
 * in the file wins. Categories with a blank name carry no label and their annotations are skipped (a category
 * literally named "empty" is a real class in camera-trap data and is kept). Images without a usable
 * annotation, and files that are not in the images folder, are left out and counted. An image's {@code location}
 * (COCO Camera Traps names the camera's place so) is its site; its {@code datetime} (the format's
 * {@code YYYY-MM-DD HH:MM:SS}, read as UTC as ingest reads EXIF times, or an ISO-8601 instant) is when it was taken,
 * and {@code seq_id}, {@code frame_num} and {@code seq_num_frames} its place in its burst. An image whose
 * {@code datetime} or frame numbers cannot be read is left out ({@code unreadable_capture}) rather than imported
 * with part of what the file says.
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
        List<Listing.Entry> files = new ArrayList<>();
        for (JsonObject image : objects(coco, "images")) {
            String label = labelOfImage.get(idOf(image.getValue("id")));
            Path file = imagesDir.resolve(image.getString("file_name", ""));
            if (label == null) {
                skipped.merge("unlabelled", 1, Integer::sum);
            } else if (!file.normalize().startsWith(imagesDir.normalize()) || !Files.isRegularFile(file)) {
                skipped.merge("missing_file", 1, Integer::sum);
            } else {
                Object location = image.getValue("location");
                LabeledImage labelled = location == null ? new LabeledImage(file, label)
                    : new LabeledImage(file, label, idOf(location));
                try {
                    files.add(new Listing.Entry(labelled, datetime(image.getValue("datetime")), sequence(image)));
                } catch (IllegalArgumentException e) {
                    skipped.merge("unreadable_capture", 1, Integer::sum);
                }
            }
        }
        return new Listing(List.copyOf(files), skipped);
    }

    /** When the image was taken: null when not said; {@link IllegalArgumentException} when not readable. */
    static Instant datetime(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).strip();
        try {
            return text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")
                ? OffsetDateTime.parse(text).toInstant()
                : LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable datetime " + text, e);
        }
    }

    /** The image's place in its burst; null when the file says nothing of it. */
    private static LabelRecord.Sequence sequence(JsonObject image) {
        Object id = image.getValue("seq_id");
        Integer frame = count(image.getValue("frame_num"));
        Integer frames = count(image.getValue("seq_num_frames"));
        return id == null && frame == null && frames == null ? null
            : new LabelRecord.Sequence(id == null ? null : idOf(id), frame, frames);
    }

    private static Integer count(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0) {
            return n.intValue();
        }
        throw new IllegalArgumentException("not a frame number: " + value);
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
