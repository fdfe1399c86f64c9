package org.trapstream.trainer.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.trainer.labels.LabelRecord;

/**
 * Writes what Trapstream classified as a COCO Camera Traps file, the format of LILA's camera-trap datasets:
 * {@code images} (id: the image id; {@code file_name} {@code <camera id>/<image id>.<extension>}; {@code width} and
 * {@code height}; {@code location}: the camera; {@code datetime}: the capture time in UTC as
 * {@code YYYY-MM-DD HH:MM:SS}; and {@code seq_id}, {@code seq_num_frames}, {@code frame_num} where an imported
 * dataset said them), {@code categories} (the blank class at id 0, the others from 1 in name order) and
 * {@code annotations}, one per classified image: a person's label, else the model's prediction. With an images
 * folder, the images are copied there under their file names, so the file and the folder import again as they are.
 */
public final class CocoExport {

    /**
     * What to export: {@code from} (inclusive) and {@code to} (exclusive) bound the capture times, each null for no
     * bound; {@code imagesDir} receives the images (null: the file alone); {@code blankLabel} is the class that
     * means no animal.
     */
    public record Options(Path out, Path imagesDir, Instant from, Instant to, String blankLabel) {
    }

    /** Images and annotations written, and images left out by reason. */
    public record Result(int images, int annotations, Map<String, Integer> skipped) {
    }

    static final String FORMAT_VERSION = "1.0";
    private static final DateTimeFormatter DATETIME =
        DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private record Entry(JsonObject image, String label) {
    }

    private CocoExport() {
    }

    /** Writes the file (replacing it whole) and, when asked, the images. Blocking. */
    public static Result write(TrapstreamConfig config, Options options) {
        ClassifiedImages classified = ClassifiedImages.read(config);
        List<Entry> entries = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>();
        for (Prediction prediction : classified.takenBetween(options.from(), options.to())) {
            Optional<String> file = classified.cameraPath(prediction);
            if (file.isEmpty() || options.imagesDir() != null
                && !classified.copy(prediction.imageId(), options.imagesDir().resolve(file.get()))) {
                continue;
            }
            Optional<LabelRecord> human = classified.label(prediction.imageId());
            String label = human.map(LabelRecord::label).orElse(prediction.label());
            entries.add(new Entry(image(prediction, file.get(), classified, human.orElse(null)), label));
            if (label != null) {
                labels.add(label);
            }
        }
        Map<String, Integer> ids = categoryIds(labels, options.blankLabel());
        JsonArray images = new JsonArray();
        JsonArray annotations = new JsonArray();
        for (Entry entry : entries) {
            images.add(entry.image());
            if (entry.label() != null) {
                String imageId = entry.image().getString("id");
                annotations.add(new JsonObject().put("id", imageId + "_1").put("image_id", imageId)
                    .put("category_id", ids.get(entry.label())));
            }
        }
        JsonArray categories = new JsonArray();
        ids.entrySet().stream().sorted(Map.Entry.comparingByValue())
            .forEach(category -> categories.add(new JsonObject().put("id", category.getValue())
                .put("name", category.getKey())));
        JsonObject coco = new JsonObject()
            .put("info", new JsonObject()
                .put("version", FORMAT_VERSION)
                .put("description", "Images classified by Trapstream; a person's label wins over the model's")
                .put("date_created", LocalDate.now(ZoneOffset.UTC).toString()))
            .put("images", images)
            .put("categories", categories)
            .put("annotations", annotations);
        try {
            DurableFiles.onDisk().replaceAtomically(options.out(), coco.encodePrettily().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + options.out(), e);
        }
        return new Result(images.size(), annotations.size(), classified.skipped());
    }

    private static JsonObject image(Prediction prediction, String file, ClassifiedImages classified,
                                    LabelRecord human) {
        JsonObject image = new JsonObject().put("id", prediction.imageId()).put("file_name", file);
        classified.image(prediction.imageId()).ifPresent(record -> image
            .put("width", record.width()).put("height", record.height()));
        image.put("location", prediction.cameraId());
        Instant captured = classified.capturedAt(prediction);
        if (captured == null && human != null) {
            captured = human.capturedAt();
        }
        if (captured != null) {
            image.put("datetime", DATETIME.format(captured));
        }
        LabelRecord.Sequence sequence = human == null ? null : human.sequence();
        if (sequence != null) {
            putIfKnown(image, "seq_id", sequence.id());
            putIfKnown(image, "seq_num_frames", sequence.frames());
            putIfKnown(image, "frame_num", sequence.frame());
        }
        return image;
    }

    private static void putIfKnown(JsonObject image, String field, Object value) {
        if (value != null) {
            image.put(field, value);
        }
    }

    /** The blank class at 0, as COCO Camera Traps datasets number it, the others from 1 in name order. */
    private static Map<String, Integer> categoryIds(TreeSet<String> labels, String blankLabel) {
        Map<String, Integer> ids = new TreeMap<>();
        int next = 1;
        for (String label : labels) {
            ids.put(label, label.equals(blankLabel) ? 0 : next++);
        }
        return ids;
    }
}
