package org.trapstream.trainer.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.image.ImageFormat;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;

/**
 * What Trapstream classified, as every export reads it: the last prediction of every image that has one
 * ({@link Topics#PREDICTIONS}), the images' records ({@link Topics#IMAGES}: format, size, capture and receipt times),
 * the last copy of every event ({@link Topics#EVENTS}, read only for an export that asks for events), all read from
 * the beginning, and each image's current label from the trainer's label log. What cannot be read or
 * exported is counted by reason ({@link #skipped}), never dropped silently. Blocking; for commands.
 */
final class ClassifiedImages {

    /** An image's bytes and the file extension its format takes. */
    record ImageFile(byte[] bytes, String extension) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClassifiedImages.class);

    private final Map<String, Prediction> predictions;
    private final Map<String, ImageRecord> images;
    private final Map<String, LabelRecord> labels = new HashMap<>();
    private final TrapstreamConfig config;
    private Map<String, CaptureEvent> events;
    private final Map<String, String> eventOfImage = new HashMap<>();
    private final ImageStore store;
    private final Map<String, Integer> skipped = new TreeMap<>();

    private ClassifiedImages(TrapstreamConfig config) {
        this.store = new ImageStore(config.imageStoreDir());
        this.predictions = readPredictions(config);
        this.images = readImages(config);
        this.config = config;
        LabelStore.readSnapshot(config.labelsDir()).records().forEach(label -> labels.put(label.imageId(), label));
    }

    static ClassifiedImages read(TrapstreamConfig config) {
        return new ClassifiedImages(config);
    }

    Collection<Prediction> predictions() {
        return predictions.values();
    }

    /** The last prediction of the image; empty when it has none. */
    Optional<Prediction> prediction(String imageId) {
        return Optional.ofNullable(predictions.get(imageId));
    }

    /** The events on {@link Topics#EVENTS}, each in its last copy; read on the first call. */
    Collection<CaptureEvent> events() {
        if (events == null) {
            events = readEvents(config);
            events.values().forEach(event -> event.frames()
                .forEach(frame -> eventOfImage.put(frame.imageId(), event.eventId())));
        }
        return events.values();
    }

    /** The id of the event the image is a frame of; empty when it is in none. */
    Optional<String> eventOf(String imageId) {
        events(); // reads the events, and indexes their frames, on the first call
        return Optional.ofNullable(eventOfImage.get(imageId));
    }

    /** The image's record on {@link Topics#IMAGES}; empty when it is no longer there. */
    Optional<ImageRecord> image(String imageId) {
        return Optional.ofNullable(images.get(imageId));
    }

    /** A person's current label of the image, which wins over the model's prediction. */
    Optional<LabelRecord> label(String imageId) {
        return Optional.ofNullable(labels.get(imageId));
    }

    /** When the image was taken, as its record or else its prediction says; null when neither knows. */
    Instant capturedAt(Prediction prediction) {
        ImageRecord image = images.get(prediction.imageId());
        return image != null && image.capturedAt() != null ? image.capturedAt() : prediction.capturedAt();
    }

    /** The image's bytes from its record or the image store; empty (and counted) when they are nowhere to be had. */
    Optional<ImageFile> file(String imageId) {
        ImageRecord image = images.get(imageId);
        Optional<byte[]> found = image != null && image.payload() == ImagePayload.INLINE
            ? Optional.of(image.value())
            : ImageIds.isValid(imageId) ? store.read(imageId) : Optional.empty();
        if (found.isEmpty()) {
            skip("image not in the image store");
            return Optional.empty();
        }
        ImageFormat format = ImageFormat.sniff(found.get());
        if (format == ImageFormat.UNKNOWN) {
            skip("image of an unknown format");
            return Optional.empty();
        }
        return Optional.of(new ImageFile(found.get(), extension(format.code())));
    }

    /**
     * The image's path in an export that names files by camera: {@code <camera id>/<image id>.<extension>}, the
     * extension from the format ingest found; empty (and counted) when there is no image record to say it.
     */
    Optional<String> cameraPath(Prediction prediction) {
        ImageRecord image = images.get(prediction.imageId());
        if (image == null) {
            skip("no image record");
            return Optional.empty();
        }
        return Optional.of(prediction.cameraId() + "/" + prediction.imageId() + "." + extension(image.format()));
    }

    /**
     * The predictions of the images taken within {@code from} (inclusive) and {@code to} (exclusive), each null for
     * no bound, in time order: an image without a capture time counts at its receipt, one with neither is left out.
     */
    List<Prediction> takenBetween(Instant from, Instant to) {
        Map<Prediction, Instant> times = new HashMap<>();
        for (Prediction prediction : predictions.values()) {
            Instant captured = capturedAt(prediction);
            Instant time = captured != null ? captured
                : image(prediction.imageId()).map(ImageRecord::receivedAt).orElse(null);
            if (time == null) {
                skip("no capture time and no image record");
            } else if ((from == null || !time.isBefore(from)) && (to == null || time.isBefore(to))) {
                times.put(prediction, time);
            }
        }
        return times.keySet().stream()
            .sorted(Comparator.comparing((Prediction p) -> times.get(p)).thenComparing(Prediction::imageId))
            .toList();
    }

    /** Writes the image to {@code target}; false (and counted) when its bytes are nowhere to be had. */
    boolean copy(String imageId, Path target) {
        Optional<ImageFile> found = file(imageId);
        if (found.isEmpty()) {
            return false;
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, found.get().bytes());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    /** Images left out so far, by reason. */
    Map<String, Integer> skipped() {
        return skipped;
    }

    void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    /** The media type of an image file this export named, from its extension. */
    static String mediatype(String fileName) {
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1);
        return "image/" + (extension.equals("jpg") ? "jpeg" : extension);
    }

    private static String extension(String formatCode) {
        return formatCode.equals(ImageFormat.JPEG.code()) ? "jpg" : formatCode;
    }

    /** The last prediction of every image that has one. */
    private Map<String, Prediction> readPredictions(TrapstreamConfig config) {
        Map<String, Prediction> latest = new HashMap<>();
        TopicReader.readAll(config, Topics.PREDICTIONS, record -> {
            try {
                Prediction prediction =
                    Prediction.fromJson(new JsonObject(new String(record.value(), StandardCharsets.UTF_8)));
                latest.merge(prediction.imageId(), prediction,
                    (a, b) -> b.classifiedAt().isBefore(a.classifiedAt()) ? a : b);
            } catch (RuntimeException e) {
                LOG.warn("Skipping unreadable prediction at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
                skip("unreadable prediction on " + Topics.PREDICTIONS);
            }
        });
        return latest;
    }

    /** The last copy of every event: the topic is compacted, a sequence read again replaces its earlier copy. */
    private Map<String, CaptureEvent> readEvents(TrapstreamConfig config) {
        Map<String, CaptureEvent> latest = new HashMap<>();
        TopicReader.readAll(config, Topics.EVENTS, record -> {
            if (record.value() == null) {
                if (record.key() != null) {
                    latest.remove(record.key());
                }
                return;
            }
            try {
                CaptureEvent event =
                    CaptureEvent.fromJson(new JsonObject(new String(record.value(), StandardCharsets.UTF_8)));
                latest.put(event.eventId(), event);
            } catch (RuntimeException e) {
                LOG.warn("Skipping unreadable event at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
                skip("unreadable event on " + Topics.EVENTS);
            }
        });
        return latest;
    }

    /** The image records of the predicted images (an image ingested twice keeps its first record). */
    private Map<String, ImageRecord> readImages(TrapstreamConfig config) {
        Map<String, ImageRecord> records = new HashMap<>();
        TopicReader.readAll(config, Topics.IMAGES, record -> {
            if (record.key() == null || !predictions.containsKey(record.key())) {
                return;
            }
            try {
                ImageRecord image = ImageRecord.fromKafka(record.headers(), record.value());
                records.putIfAbsent(image.imageId(), image);
            } catch (RuntimeException e) {
                LOG.warn("Unreadable image record at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            }
        });
        return records;
    }
}
