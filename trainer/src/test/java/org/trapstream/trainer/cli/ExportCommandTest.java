package org.trapstream.trainer.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.exchange.CamtrapDp;
import org.trapstream.exchange.Csv;
import org.trapstream.exchange.PackageValidator;
import org.trapstream.image.store.ImageStore;
import org.trapstream.testkit.TestImages;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code export camtrap-dp} against the shared embedded broker: images, predictions and a person's label go in the
 * way the roles write them, and the package that comes out validates as Camtrap DP and says what they said.
 */
class ExportCommandTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    // Cameras of this test alone: the shared topics also hold other tests' images, whose cameras have no deployment.
    private final String trail = "trail-" + UUID.randomUUID();
    private final String pond = "pond-" + UUID.randomUUID();
    private Path deployments;
    private Path metadata;

    @BeforeEach
    void operatorsFiles() throws IOException {
        deployments = work.resolve("deployments.csv");
        StringWriter table = new StringWriter();
        Csv.writeRecord(table, CamtrapDp.columns(CamtrapDp.DEPLOYMENTS));
        Csv.writeRecord(table, deployment("trail-spring", trail, "2024-04-30T00:00:00+02:00", "2024-06-01T00:00:00+02:00"));
        Csv.writeRecord(table, deployment("pond-spring", pond, "2024-04-30T00:00:00+02:00", "2024-06-01T00:00:00+02:00"));
        Files.writeString(deployments, table.toString());
        metadata = work.resolve("metadata.json");
        Files.writeString(metadata, new JsonObject()
            .put("name", "trapstream-test-export")
            .put("title", "Trail and pond, spring 2024")
            .put("contributors", new JsonArray().add(new JsonObject().put("title", "Ana Field").put("role", "contact")))
            .put("licenses", new JsonArray()
                .add(new JsonObject().put("name", "CC0-1.0").put("scope", "data"))
                .add(new JsonObject().put("name", "CC-BY-4.0").put("scope", "media")))
            .put("project", new JsonObject()
                .put("title", "Trapstream test project")
                .put("samplingDesign", "targeted")
                .put("captureMethod", new JsonArray().add("activityDetection"))
                .put("individualAnimals", false)
                .put("observationLevel", new JsonArray().add("media").add("event")))
            .encodePrettily());
    }

    @Test
    void exportsAValidPackageWhereAPersonsLabelWinsOverTheModel() throws IOException {
        ImageStore store = new ImageStore(dataDir.resolve("images"));
        byte[] fox = image(1, store);
        byte[] blank = image(2, store);
        byte[] cat = image(3, store);
        byte[] autumn = image(4, store);
        byte[] late = image(5, store);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(imageRecord(fox, trail, "2024-05-01T06:00:00Z"));
        records.add(imageRecord(blank, trail, "2024-05-02T06:00:00Z"));
        records.add(imageRecord(cat, pond, "2024-05-03T06:00:00Z"));
        records.add(imageRecord(autumn, trail, "2024-10-01T06:00:00Z"));
        records.add(imageRecord(late, trail, "2024-05-20T06:00:00Z"));
        records.add(prediction(fox, trail, "2024-05-01T06:00:00Z", "leopard_cat", 0.91, "2024-05-01T06:00:05Z"));
        records.add(prediction(blank, trail, "2024-05-02T06:00:00Z", "empty", 0.8, "2024-05-02T06:00:05Z"));
        records.add(prediction(cat, pond, "2024-05-03T06:00:00Z", "leopard_cat", 0.6, "2024-05-03T07:00:00Z"));
        // An earlier model's prediction of the same image, published later: the newest classification wins.
        records.add(prediction(cat, pond, "2024-05-03T06:00:00Z", "moonrat", 0.4, "2024-05-03T06:00:05Z"));
        records.add(prediction(autumn, trail, "2024-10-01T06:00:00Z", "moonrat", 0.7, "2024-10-01T06:00:05Z"));
        records.add(prediction(late, trail, "2024-05-20T06:00:00Z", "moonrat", 0.7, "2024-05-20T06:00:05Z"));
        TestKafka.send(records);
        try (LabelStore labels = LabelStore.open(dataDir.resolve("labels"))) {
            labels.append(List.of(new LabelRecord(ImageIds.of(fox), "moonrat", "ana",
                Instant.parse("2024-05-04T09:00:00Z"), LabelRecord.SOURCE_FEEDBACK, trail)));
        }
        Path out = work.resolve("package");

        int exit = export("--out", out.toString(), "--deployments", deployments.toString(), "--metadata",
            metadata.toString(), "--to", "2024-05-15T00:00:00Z");

        assertEquals(0, exit, reported());
        assertEquals(List.of(), PackageValidator.validate(out));
        assertTrue(printed().contains("Exported 3 media"), printed());
        assertTrue(reported().contains("Left out (its camera has no deployment at its capture time)"), reported());

        List<Map<String, String>> media = rows(out.resolve("media.csv"));
        assertEquals(List.of(ImageIds.of(fox), ImageIds.of(blank), ImageIds.of(cat)),
            media.stream().map(m -> m.get("mediaID")).toList(), "in time order, the autumn and late images left out");
        Map<String, String> first = media.get(0);
        assertEquals("trail-spring", first.get("deploymentID"));
        assertEquals("2024-05-01T08:00:00+02:00", first.get("timestamp"), "in the deployment's clock offset");
        assertEquals("image/jpeg", first.get("fileMediatype"));
        assertEquals("pond-spring", media.get(2).get("deploymentID"));
        for (Map<String, String> medium : media) {
            assertArrayEquals(store.read(medium.get("mediaID")).orElseThrow(),
                Files.readAllBytes(out.resolve(medium.get("filePath"))), medium.get("filePath"));
        }

        List<Map<String, String>> observations = rows(out.resolve("observations.csv"));
        assertEquals(3, observations.size());
        assertObservation(observations.get(0), "animal", "moonrat", "human", "ana", "2024-05-04T09:00:00Z", "");
        assertObservation(observations.get(1), "blank", "", "machine", "Trapstream model v0007", "2024-05-02T06:00:05Z",
            "0.8");
        assertObservation(observations.get(2), "animal", "leopard_cat", "machine", "Trapstream model v0007",
            "2024-05-03T07:00:00Z", "0.6");
        assertEquals("media", observations.get(0).get("observationLevel"));
        assertEquals(ImageIds.of(fox), observations.get(0).get("mediaID"));

        JsonObject descriptor = new JsonObject(Files.readString(out.resolve("datapackage.json")));
        assertEquals("Trail and pond, spring 2024", descriptor.getString("title"));
        assertEquals(new JsonObject().put("start", "2024-05-01").put("end", "2024-05-03"),
            descriptor.getJsonObject("temporal"));
        assertEquals(List.of("leopard_cat", "moonrat"), descriptor.getJsonArray("taxonomic").stream()
            .map(t -> ((JsonObject) t).getString("scientificName")).toList());

        // Read as camera clock readings, 06:00 "UTC" is 06:00 on a clock two hours ahead of UTC.
        Path clockOut = work.resolve("clock-package");
        assertEquals(0, export("--out", clockOut.toString(), "--deployments", deployments.toString(), "--metadata",
            metadata.toString(), "--to", "2024-05-15T00:00:00Z", "--camera-clock-times"), reported());
        assertEquals(List.of(), PackageValidator.validate(clockOut));
        assertEquals("2024-05-01T06:00:00+02:00", rows(clockOut.resolve("media.csv")).get(0).get("timestamp"));
    }

    @Test
    void exportsAnObservationPerEventWherePeoplesLabelsWin() throws IOException {
        ImageStore store = new ImageStore(dataDir.resolve("images"));
        byte[] first = image(11, store);
        byte[] second = image(12, store);
        byte[] pondFirst = image(13, store);
        byte[] pondSecond = image(14, store);
        byte[] pondThird = image(15, store);
        byte[] alone = image(16, store);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(imageRecord(first, trail, "2024-05-01T06:00:00Z"));
        records.add(imageRecord(second, trail, "2024-05-01T06:00:02Z"));
        records.add(imageRecord(pondFirst, pond, "2024-05-03T06:00:00Z"));
        records.add(imageRecord(pondSecond, pond, "2024-05-03T06:00:03Z"));
        records.add(imageRecord(pondThird, pond, "2024-05-03T06:00:05Z"));
        records.add(imageRecord(alone, trail, "2024-05-05T06:00:00Z"));
        records.add(prediction(first, trail, "2024-05-01T06:00:00Z", "leopard_cat", 0.9, "2024-05-01T06:00:05Z"));
        records.add(prediction(second, trail, "2024-05-01T06:00:02Z", "leopard_cat", 0.8, "2024-05-01T06:00:07Z"));
        records.add(prediction(pondFirst, pond, "2024-05-03T06:00:00Z", "leopard_cat", 0.6, "2024-05-03T06:00:05Z"));
        records.add(prediction(pondSecond, pond, "2024-05-03T06:00:03Z", "leopard_cat", 0.5, "2024-05-03T06:00:08Z"));
        records.add(prediction(pondThird, pond, "2024-05-03T06:00:05Z", "leopard_cat", 0.5, "2024-05-03T06:00:10Z"));
        records.add(prediction(alone, trail, "2024-05-05T06:00:00Z", "empty", 0.9, "2024-05-05T06:00:05Z"));
        CaptureEvent trailEvent = event(trail, "leopard_cat", 0.85, first, "2024-05-01T06:00:00Z", second,
            "2024-05-01T06:00:02Z");
        CaptureEvent pondEvent = event(pond, "leopard_cat", 0.55, pondFirst, "2024-05-03T06:00:00Z", pondSecond,
            "2024-05-03T06:00:03Z", pondThird, "2024-05-03T06:00:05Z");
        // After the range: not exported, not counted.
        CaptureEvent laterEvent = event(trail, "moonrat", 0.7, image(17, store), "2024-05-20T06:00:00Z");
        // Outside every deployment: left out and counted.
        CaptureEvent autumnEvent = event(trail, "moonrat", 0.7, image(18, store), "2024-10-01T06:00:00Z");
        for (CaptureEvent event : List.of(trailEvent, pondEvent, laterEvent, autumnEvent)) {
            records.add(new ProducerRecord<>(Topics.EVENTS, event.eventId(),
                event.toJson().encode().getBytes(StandardCharsets.UTF_8)));
        }
        records.add(new ProducerRecord<>(Topics.EVENTS, "unreadable", "{".getBytes(StandardCharsets.UTF_8)));
        TestKafka.send(records);
        // Two people say moonrat, one says empty: the most frequent label wins, by the people who gave it.
        try (LabelStore labels = LabelStore.open(dataDir.resolve("labels"))) {
            labels.append(List.of(
                new LabelRecord(ImageIds.of(pondFirst), "moonrat", "ben", Instant.parse("2024-05-04T09:00:00Z"),
                    LabelRecord.SOURCE_FEEDBACK, pond),
                new LabelRecord(ImageIds.of(pondSecond), "empty", "cho", Instant.parse("2024-05-04T09:30:00Z"),
                    LabelRecord.SOURCE_FEEDBACK, pond),
                new LabelRecord(ImageIds.of(pondThird), "moonrat", "ana", Instant.parse("2024-05-04T10:00:00Z"),
                    LabelRecord.SOURCE_FEEDBACK, pond)));
        }
        Path out = work.resolve("package");

        int exit = export("--out", out.toString(), "--deployments", deployments.toString(), "--metadata",
            metadata.toString(), "--from", "2024-05-01T00:00:00Z", "--to", "2024-05-15T00:00:00Z");

        assertEquals(0, exit, reported());
        assertEquals(List.of(), PackageValidator.validate(out));
        assertTrue(printed().contains("Exported 6 media and 2 events"), printed());
        assertTrue(reported().contains("Left out (event whose camera has no deployment at its start)"), reported());
        assertTrue(reported().contains("Left out (unreadable event on camtrap.events)"), reported());

        List<Map<String, String>> observations = rows(out.resolve("observations.csv"));
        List<Map<String, String>> events = observations.stream()
            .filter(o -> o.get("observationLevel").equals("event")).toList();
        assertEquals(List.of(trailEvent.eventId(), pondEvent.eventId()),
            events.stream().map(e -> e.get("eventID")).toList(), "the events in the range, in time order");
        Map<String, String> trailRow = events.get(0);
        assertEquals(List.of(trailEvent.eventId() + "_1", "trail-spring", "", "2024-05-01T08:00:00+02:00",
                "2024-05-01T08:00:02+02:00"),
            List.of(trailRow.get("observationID"), trailRow.get("deploymentID"), trailRow.get("mediaID"),
                trailRow.get("eventStart"), trailRow.get("eventEnd")));
        assertObservation(trailRow, "animal", "leopard_cat", "machine", "Trapstream model v0007",
            "2024-05-01T06:00:07Z", "0.85");
        assertEquals("", trailRow.get("count"));
        Map<String, String> pondRow = events.get(1);
        assertEquals(List.of("pond-spring", "2024-05-03T08:00:00+02:00", "2024-05-03T08:00:05+02:00"),
            List.of(pondRow.get("deploymentID"), pondRow.get("eventStart"), pondRow.get("eventEnd")));
        assertObservation(pondRow, "animal", "moonrat", "human", "ana, ben", "2024-05-04T10:00:00Z", "");

        Map<String, String> eventOfMedium = new HashMap<>();
        observations.stream().filter(o -> o.get("observationLevel").equals("media"))
            .forEach(o -> eventOfMedium.put(o.get("mediaID"), o.get("eventID")));
        assertEquals(Map.of(
                ImageIds.of(first), trailEvent.eventId(), ImageIds.of(second), trailEvent.eventId(),
                ImageIds.of(pondFirst), pondEvent.eventId(), ImageIds.of(pondSecond), pondEvent.eventId(),
                ImageIds.of(pondThird), pondEvent.eventId(), ImageIds.of(alone), ""),
            eventOfMedium, "each medium's observation names the event its image is a frame of");
    }

    @Test
    void refusesAFolderThatIsNotEmpty() throws IOException {
        Path out = Files.createDirectories(work.resolve("package"));
        Files.writeString(out.resolve("notes.txt"), "keep me");

        int exit = export("--out", out.toString(), "--deployments", deployments.toString(), "--metadata",
            metadata.toString());

        assertEquals(2, exit, reported());
        assertTrue(reported().contains("is not empty"), reported());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void refusesDeploymentsThatBreakTheStandard() throws IOException {
        Files.writeString(deployments, Files.readString(deployments).replace("+02:00", ""));

        int exit = export("--out", work.resolve("package").toString(), "--deployments", deployments.toString(),
            "--metadata", metadata.toString());

        assertEquals(1, exit, reported());
        assertTrue(reported().contains("row 2 field deploymentStart [type]"), reported());
    }

    private static void assertObservation(Map<String, String> row, String type, String name, String method,
                                          String by, String at, String probability) {
        assertEquals(List.of(type, name, method, by, at, probability), List.of(row.get("observationType"),
            row.get("scientificName"), row.get("classificationMethod"), row.get("classifiedBy"),
            row.get("classificationTimestamp"), row.get("classificationProbability")), row.toString());
    }

    private int export(String... args) {
        output.reset();
        errors.reset();
        Invocation invocation = new Invocation(new PrintStream(output, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8), Map.of(
                "TRAPSTREAM_DATA_DIR", dataDir.toString(),
                "TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                TestKafka.config().getString(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS)));
        List<String> command = new ArrayList<>(List.of("camtrap-dp"));
        command.addAll(List.of(args));
        return CommandLines.create(new ExportCommand(), invocation).execute(command.toArray(String[]::new));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private String reported() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    private static byte[] image(long seed, ImageStore store) {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(seed, 64, 48));
        store.put(ImageIds.of(jpeg), jpeg);
        return jpeg;
    }

    private static ProducerRecord<String, byte[]> imageRecord(byte[] jpeg, String camera, String capturedAt) {
        Instant captured = Instant.parse(capturedAt);
        return ImageRecord.of(ImageIds.of(jpeg), camera, captured, captured.plusSeconds(2), "jpeg", 64, 48, jpeg,
            ImagePayload.STORED).toProducerRecord();
    }

    private static ProducerRecord<String, byte[]> prediction(byte[] jpeg, String camera, String capturedAt,
                                                             String label, double confidence, String classifiedAt) {
        Prediction prediction = new Prediction(ImageIds.of(jpeg), camera, Instant.parse(capturedAt), "v0007", label,
            confidence, List.of(new Prediction.LabelScore(label, confidence)), Double.NaN, false,
            false, Prediction.Review.none(), new Prediction.Timings(1, 1, 1, 3), Instant.parse(classifiedAt));
        return new ProducerRecord<>(Topics.PREDICTIONS, prediction.imageId(),
            prediction.toJson().encode().getBytes(StandardCharsets.UTF_8));
    }

    /** An event of the camera over the given images and capture times, in pairs. */
    private static CaptureEvent event(String camera, String label, double confidence, Object... framesAndTimes) {
        List<CaptureEvent.Frame> frames = new ArrayList<>();
        for (int i = 0; i < framesAndTimes.length; i += 2) {
            frames.add(new CaptureEvent.Frame(ImageIds.of((byte[]) framesAndTimes[i]),
                Instant.parse((String) framesAndTimes[i + 1])));
        }
        return new CaptureEvent(CaptureEvent.idOf(camera, frames.get(0).imageId()), camera, frames, label, confidence,
            List.of(new Prediction.LabelScore(label, confidence)), null, CaptureEvent.ClosedBy.WATERMARK);
    }

    private static List<String> deployment(String id, String camera, String start, String end) {
        Map<String, String> cells = Map.of("deploymentID", id, "cameraID", camera, "deploymentStart", start,
            "deploymentEnd", end, "latitude", "51.18", "longitude", id.startsWith("pond") ? "5.66" : "5.65");
        return CamtrapDp.columns(CamtrapDp.DEPLOYMENTS).stream().map(c -> cells.getOrDefault(c, "")).toList();
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            List<List<String>> records = Csv.read(in);
            List<String> header = records.get(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> record : records.subList(1, records.size())) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), record.get(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
