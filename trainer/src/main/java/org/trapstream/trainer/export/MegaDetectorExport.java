package org.trapstream.trainer.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.trapstream.exchange.MegaDetectorResults;

/**
 * Writes what Trapstream classified as a MegaDetector batch output file (format
 * {@value MegaDetectorResults#FORMAT_VERSION}), the results format Timelapse and AddaxAI read.
 *
 * <p>The format puts classifications on detections, and Trapstream has no detector: it classifies whole images.
 * So an image the model (or a person) says shows something carries one detection covering the whole image,
 * category {@code animal}, whose {@code conf} is the probability that the image is not blank (one minus the blank
 * class's probability among the prediction's top classes), and whose {@code classifications} are the model's top
 * classes; a person's label, which wins over the model, is the one classification, at confidence 1. An image of the
 * blank class has no detections, as the format writes an empty image. {@code info} says so in
 * {@code classification_note} and recommends 0.5 as the detection threshold. Files are named
 * {@code <camera id>/<image id>.<extension>}; with an images folder, the images are copied there under those names,
 * so the folder opens in Timelapse as it is.
 */
public final class MegaDetectorExport {

    /**
     * What to export: {@code from} (inclusive) and {@code to} (exclusive) bound the capture times, each null for no
     * bound; {@code imagesDir} receives the images (null: the file alone); {@code blankLabel} is the class that
     * means no animal.
     */
    public record Options(Path out, Path imagesDir, Instant from, Instant to, String blankLabel) {
    }

    /** Images written, and images left out by reason. */
    public record Result(int images, Map<String, Integer> skipped) {
    }

    static final double TYPICAL_DETECTION_THRESHOLD = 0.5;
    private static final DateTimeFormatter COMPLETION_TIME =
        DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String NOTE = "Trapstream classifies whole images and has no detector: an image it found "
        + "something in carries one detection covering the whole image, whose conf is the probability that the image "
        + "is not blank and whose classifications are the model's top classes (a person's label: the one "
        + "classification, at confidence 1); an image of the blank class has no detections.";

    /** One image's entry before the categories are numbered. */
    private record Entry(String file, Observation observation, List<Prediction.LabelScore> scores, double conf) {
    }

    private MegaDetectorExport() {
    }

    /** Writes the results file (replacing it whole) and, when asked, the images. Blocking. */
    public static Result write(TrapstreamConfig config, Options options) {
        ClassifiedImages classified = ClassifiedImages.read(config);
        List<Entry> entries = new ArrayList<>();
        TreeSet<String> models = new TreeSet<>();
        Instant lastClassified = null;
        for (Prediction prediction : classified.takenBetween(options.from(), options.to())) {
            Observation observation = Observation.of(prediction,
                classified.label(prediction.imageId()).orElse(null), options.blankLabel());
            if (observation.type().equals(Observation.UNCLASSIFIED)) {
                classified.skip("not classified");
                continue;
            }
            Optional<String> file = classified.cameraPath(prediction);
            if (file.isEmpty() || options.imagesDir() != null
                && !classified.copy(prediction.imageId(), options.imagesDir().resolve(file.get()))) {
                continue;
            }
            entries.add(entry(file.get(), observation, prediction, options.blankLabel()));
            if (observation.method().equals("machine")) {
                models.add(prediction.modelVersion());
                lastClassified = lastClassified == null || prediction.classifiedAt().isAfter(lastClassified)
                    ? prediction.classifiedAt() : lastClassified;
            }
        }
        try {
            DurableFiles.onDisk().replaceAtomically(options.out(),
                results(entries, models, lastClassified).encodePrettily().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + options.out(), e);
        }
        return new Result(entries.size(), classified.skipped());
    }

    private static Entry entry(String file, Observation observation, Prediction prediction, String blankLabel) {
        if (observation.method().equals("human")) {
            return new Entry(file, observation, List.of(new Prediction.LabelScore(observation.label(), 1.0)), 1.0);
        }
        double blank = prediction.topK().stream().filter(score -> score.label().equals(blankLabel))
            .mapToDouble(Prediction.LabelScore::confidence).sum();
        List<Prediction.LabelScore> scores = prediction.topK().stream()
            .sorted(Comparator.comparingDouble(Prediction.LabelScore::confidence).reversed())
            .toList();
        return new Entry(file, observation, scores, Math.max(0.0, 1.0 - blank));
    }

    private static JsonObject results(List<Entry> entries, TreeSet<String> models, Instant lastClassified) {
        Map<String, String> ids = new TreeMap<>();
        entries.forEach(entry -> entry.scores().forEach(score -> ids.putIfAbsent(score.label(), "")));
        JsonObject categories = new JsonObject();
        int next = 0;
        for (Map.Entry<String, String> label : ids.entrySet()) {
            label.setValue(Integer.toString(next++));
            categories.put(label.getValue(), label.getKey());
        }
        JsonArray images = new JsonArray();
        for (Entry entry : entries) {
            JsonArray detections = new JsonArray();
            if (!entry.observation().type().equals(Observation.BLANK)) {
                detections.add(new JsonObject()
                    .put("category", MegaDetectorResults.ANIMAL_CATEGORY)
                    .put("conf", entry.conf())
                    .put("bbox", new JsonArray(MegaDetectorResults.WHOLE_IMAGE))
                    .put("classifications", new JsonArray(entry.scores().stream()
                        .map(score -> new JsonArray().add(ids.get(score.label())).add(score.confidence()))
                        .toList())));
            }
            images.add(new JsonObject().put("file", entry.file()).put("detections", detections));
        }
        JsonObject info = new JsonObject()
            .put("format_version", MegaDetectorResults.FORMAT_VERSION)
            .put("classifier", models.isEmpty() ? "Trapstream (labels by people)"
                : "Trapstream model " + String.join(", ", models))
            .put("detector_metadata", new JsonObject()
                .put("typical_detection_threshold", TYPICAL_DETECTION_THRESHOLD)
                .put("conservative_detection_threshold", TYPICAL_DETECTION_THRESHOLD / 2))
            .put("classification_note", NOTE);
        if (lastClassified != null) {
            info.put("classification_completion_time", COMPLETION_TIME.format(lastClassified));
        }
        JsonObject detectionCategories = new JsonObject();
        new TreeMap<>(MegaDetectorResults.STANDARD_DETECTION_CATEGORIES).forEach(detectionCategories::put);
        return new JsonObject()
            .put("info", info)
            .put("detection_categories", detectionCategories)
            .put("classification_categories", categories)
            .put("images", images);
    }
}
