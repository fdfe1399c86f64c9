package org.trapstream.trainer.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.exchange.CamtrapDp;
import org.trapstream.exchange.Csv;
import org.trapstream.exchange.Deployments;
import org.trapstream.exchange.Deployments.Deployment;
import org.trapstream.exchange.PackageValidator;
import org.trapstream.exchange.ValidationError;

/**
 * Writes what Trapstream classified as a Camtrap DP package: the operators' deployments, one medium per
 * classified image whose camera was deployed at its capture time (the image copied under {@code media/}), one
 * media-based observation per medium and one event-based observation per event whose camera was deployed at its
 * start, people's labels winning over the model's. A media-based observation carries the id of the event its
 * medium is a frame of. The package is validated once written; the result lists any error.
 *
 * <p>The predictions come from {@link Topics#PREDICTIONS} (the last one per image), the images' format, capture
 * and receipt times from {@link Topics#IMAGES}, the events from {@link Topics#EVENTS}, all read from the beginning;
 * the labels from the trainer's label log. An image without a capture time is placed at the time ingest received
 * it, and says so in {@code mediaComments}. Images and events that cannot go into the package are counted by
 * reason, never dropped silently.
 */
public final class CamtrapDpExport {

    /**
     * What to export and how. {@code from} (inclusive) and {@code to} (exclusive) bound the capture times, each
     * null for no bound; {@code blankLabel} is the class that means no animal; with {@code cameraClockTimes},
     * capture times are camera clock readings that ingest took as UTC (EXIF without offset), read here in each
     * deployment's clock offset instead.
     */
    public record Options(Path out, Deployments deployments, JsonObject metadata, Instant from, Instant to,
                          String blankLabel, boolean cameraClockTimes) {
    }

    /**
     * Media and event-based observations written, images and events left out by reason, and the package's
     * validation errors (none when valid).
     */
    public record Result(int media, int events, Map<String, Integer> skipped, List<ValidationError> errors) {
    }

    static final String MEDIA_DIR = "media";

    private static final String RECEIPT_TIME_COMMENT =
        "no capture time: timestamp is when Trapstream received the image";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** An image on its way into the package: when it was taken and where. */
    private record Placed(Prediction prediction, Deployment deployment, OffsetDateTime timestamp,
                          boolean receiptTime) {
    }

    /** A moment in the deployment it falls in, in that deployment's clock offset. */
    private record Located(Deployment deployment, OffsetDateTime timestamp) {
    }

    private final TrapstreamConfig config;
    private final Options options;
    private ClassifiedImages classified;

    private CamtrapDpExport(TrapstreamConfig config, Options options) {
        this.config = config;
        this.options = options;
    }

    /** Writes the package into {@code options.out()}, which must not exist or be empty. Blocking. */
    public static Result write(TrapstreamConfig config, Options options) {
        return new CamtrapDpExport(config, options).run();
    }

    private Result run() {
        classified = ClassifiedImages.read(config);
        List<Placed> placed = classified.predictions().stream()
            .map(this::place)
            .flatMap(Optional::stream)
            .filter(this::inRange)
            .sorted(Comparator.comparing((Placed p) -> p.timestamp().toInstant())
                .thenComparing(p -> p.prediction().imageId()))
            .toList();
        try {
            Files.createDirectories(options.out().resolve(MEDIA_DIR));
            List<List<String>> media = new ArrayList<>();
            List<List<String>> observations = new ArrayList<>();
            TreeSet<String> taxa = new TreeSet<>();
            for (Placed image : placed) {
                Optional<String> file = copyImage(image);
                if (file.isEmpty()) {
                    continue;
                }
                String id = image.prediction().imageId();
                media.add(mediaRow(image, file.get()));
                Observation observation = Observation.of(image.prediction(), classified.label(id).orElse(null),
                    options.blankLabel());
                observation.scientificName().ifPresent(taxa::add);
                observations.add(observation.mediaRow(image.deployment().id(), id, classified.eventOf(id).orElse(null),
                    TIMESTAMP.format(image.timestamp())));
            }
            int events = 0;
            for (CaptureEvent event : sortedEvents()) {
                Optional<List<String>> row = eventRow(event, taxa);
                row.ifPresent(observations::add);
                events += row.isPresent() ? 1 : 0;
            }
            writeTable(CamtrapDp.DEPLOYMENTS, options.deployments().all().stream()
                .map(d -> options.deployments().columns().stream().map(d.cells()::get).toList()).toList());
            writeTable(CamtrapDp.MEDIA, media);
            writeTable(CamtrapDp.OBSERVATIONS, observations);
            Files.writeString(options.out().resolve("datapackage.json"),
                descriptor(placed, taxa).encodePrettily(), StandardCharsets.UTF_8);
            return new Result(media.size(), events, classified.skipped(), PackageValidator.validate(options.out()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the package to " + options.out(), e);
        }
    }

    /** When and in which deployment the image was taken; empty (and counted) when that cannot be said. */
    private Optional<Placed> place(Prediction prediction) {
        Instant captured = classified.capturedAt(prediction);
        boolean receiptTime = captured == null;
        Instant time = receiptTime ? classified.image(prediction.imageId()).map(ImageRecord::receivedAt).orElse(null)
            : captured;
        if (time == null) {
            classified.skip("no capture time and no image record");
            return Optional.empty();
        }
        Optional<Located> located = locate(prediction.cameraId(), time, !receiptTime);
        if (located.isEmpty()) {
            classified.skip("its camera has no deployment at its capture time");
            return Optional.empty();
        }
        return Optional.of(new Placed(prediction, located.get().deployment(), located.get().timestamp(), receiptTime));
    }

    /**
     * The deployment of the camera at {@code time} and the time in its clock offset; a capture time
     * ({@code captureTime}) is read as a camera clock reading with {@link Options#cameraClockTimes}.
     */
    private Optional<Located> locate(String cameraId, Instant time, boolean captureTime) {
        Optional<Deployment> deployment = options.cameraClockTimes() && captureTime
            ? options.deployments().find(cameraId, LocalDateTime.ofInstant(time, ZoneOffset.UTC))
            : options.deployments().find(cameraId, time);
        return deployment.map(d -> new Located(d, inClockOffset(d, time, captureTime)));
    }

    private OffsetDateTime inClockOffset(Deployment deployment, Instant time, boolean captureTime) {
        return options.cameraClockTimes() && captureTime
            ? LocalDateTime.ofInstant(time, ZoneOffset.UTC).atOffset(deployment.clockOffset())
            : time.atOffset(deployment.clockOffset());
    }

    private boolean inRange(Placed image) {
        return inRange(image.timestamp());
    }

    private boolean inRange(OffsetDateTime timestamp) {
        Instant at = timestamp.toInstant();
        return (options.from() == null || !at.isBefore(options.from()))
            && (options.to() == null || at.isBefore(options.to()));
    }

    /** The events, by start and id, so the package is the same for the same topics. */
    private List<CaptureEvent> sortedEvents() {
        return classified.events().stream()
            .sorted(Comparator.comparing(CaptureEvent::start).thenComparing(CaptureEvent::eventId))
            .toList();
    }

    /**
     * The event's observation row, placed in the deployment of its camera at its start; empty when it starts out of
     * the range, and empty (and counted) when its camera has no deployment then.
     */
    private Optional<List<String>> eventRow(CaptureEvent event, TreeSet<String> taxa) {
        Optional<Located> start = locate(event.cameraId(), event.start(), true);
        if (start.isEmpty()) {
            classified.skip("event whose camera has no deployment at its start");
            return Optional.empty();
        }
        if (!inRange(start.get().timestamp())) {
            return Optional.empty();
        }
        Deployment deployment = start.get().deployment();
        OffsetDateTime end = inClockOffset(deployment, event.end(), true);
        List<String> frames = event.frames().stream().map(CaptureEvent.Frame::imageId).toList();
        Observation observation = Observation.of(event,
            frames.stream().map(classified::prediction).flatMap(Optional::stream).toList(),
            frames.stream().map(classified::label).flatMap(Optional::stream).toList(),
            options.blankLabel());
        observation.scientificName().ifPresent(taxa::add);
        return Optional.of(observation.eventRow(deployment.id(), event.eventId(),
            TIMESTAMP.format(start.get().timestamp()), TIMESTAMP.format(end)));
    }

    /** Copies the image into the package; its path there, or empty (and counted) when it is nowhere to be had. */
    private Optional<String> copyImage(Placed placed) throws IOException {
        String id = placed.prediction().imageId();
        Optional<ClassifiedImages.ImageFile> found = classified.file(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String file = MEDIA_DIR + "/" + id + "." + found.get().extension();
        Files.write(options.out().resolve(file), found.get().bytes());
        return Optional.of(file);
    }

    private static List<String> mediaRow(Placed placed, String file) {
        Map<String, String> cells = Map.of(
            "mediaID", placed.prediction().imageId(),
            "deploymentID", placed.deployment().id(),
            "timestamp", TIMESTAMP.format(placed.timestamp()),
            "filePath", file,
            "filePublic", "false",
            "fileName", file.substring(MEDIA_DIR.length() + 1),
            "fileMediatype", ClassifiedImages.mediatype(file),
            "mediaComments", placed.receiptTime() ? RECEIPT_TIME_COMMENT : "");
        return CamtrapDp.columns(CamtrapDp.MEDIA).stream().map(column -> cells.getOrDefault(column, "")).toList();
    }

    private void writeTable(String table, List<List<String>> rows) throws IOException {
        Path file = options.out().resolve(table + ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Csv.writeRecord(out, CamtrapDp.columns(table));
            rows.forEach(row -> Csv.writeRecord(out, row));
        }
    }

    /**
     * The operators' metadata with what the export knows: the resources, the profile, when it was created, and
     * the spatial, temporal and taxonomic coverage of what it holds.
     */
    private JsonObject descriptor(List<Placed> placed, TreeSet<String> taxa) {
        JsonObject descriptor = options.metadata().copy();
        JsonArray resources = new JsonArray();
        CamtrapDp.TABLES.forEach(table -> resources.add(new JsonObject()
            .put("name", table)
            .put("path", table + ".csv")
            .put("profile", "tabular-data-resource")
            .put("format", "csv")
            .put("mediatype", "text/csv")
            .put("encoding", "utf-8")
            .put("schema", CamtrapDp.schemaUrl(table))));
        descriptor.put("resources", resources)
            .put("profile", CamtrapDp.PROFILE_URL)
            .put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
            .put("spatial", spatial(options.deployments().all()))
            .put("temporal", temporal(placed))
            .put("taxonomic", new JsonArray(taxa.stream()
                .map(name -> new JsonObject().put("scientificName", name)).toList()));
        return descriptor;
    }

    /** The deployments' bounding box as GeoJSON: a point when they all stand at one place. */
    private static JsonObject spatial(List<Deployment> deployments) {
        double west = deployments.stream().mapToDouble(Deployment::longitude).min().orElse(0);
        double east = deployments.stream().mapToDouble(Deployment::longitude).max().orElse(0);
        double south = deployments.stream().mapToDouble(Deployment::latitude).min().orElse(0);
        double north = deployments.stream().mapToDouble(Deployment::latitude).max().orElse(0);
        if (west == east && south == north) {
            return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(west).add(south));
        }
        JsonArray ring = new JsonArray();
        double[][] corners = {{west, south}, {east, south}, {east, north}, {west, north}, {west, south}};
        for (double[] corner : corners) {
            ring.add(new JsonArray().add(corner[0]).add(corner[1]));
        }
        return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(ring));
    }

    /** The first and last day of the media, in the cameras' local dates; the deployments' when there are none. */
    private JsonObject temporal(List<Placed> placed) {
        List<OffsetDateTime> times = placed.isEmpty()
            ? options.deployments().all().stream().flatMap(d -> List.of(d.start(), d.end()).stream()).toList()
            : placed.stream().map(Placed::timestamp).toList();
        Comparator<OffsetDateTime> byInstant = Comparator.comparing(OffsetDateTime::toInstant);
        return new JsonObject()
            .put("start", times.stream().min(byInstant).orElseThrow().toLocalDate().toString())
            .put("end", times.stream().max(byInstant).orElseThrow().toLocalDate().toString());
    }
}
