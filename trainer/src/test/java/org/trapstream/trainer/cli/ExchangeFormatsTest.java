package org.trapstream.trainer.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Prediction.LabelScore;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.image.store.ImageStore;
import org.trapstream.testkit.SharedDatasets;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.LabelStore;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code export megadetector}, {@code export coco} and {@code labels import --megadetector} against the shared
 * embedded broker, on real Snapshot Serengeti frames: what the roles wrote goes out in the field's formats and
 * comes back in, and files that break the format are refused whole.
 */
class ExchangeFormatsTest {

    private static final String MODEL = "v-exchange";
    private static final String FROM = "2019-07-01T00:00:00Z";
    private static final String TO = "2019-07-02T00:00:00Z";

    @TempDir
    Path dataDir;
    @TempDir
    Path otherDataDir;
    @TempDir
    Path work;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    // A camera of this test alone: the shared topics also hold other tests' images.
    private final String camera = "d04-" + UUID.randomUUID();
    private List<Path> frames;
    private List<String> ids;

    @BeforeEach
    void realFrames() throws IOException {
        Path serengeti = SharedDatasets.require(SharedDatasets.SERENGETI).resolve("images");
        try (Stream<Path> files = Files.list(serengeti)) {
            frames = files.filter(f -> f.getFileName().toString().endsWith(".JPG")).sorted().limit(3).toList();
        }
        ids = new ArrayList<>();
        for (Path frame : frames) {
            ids.add(ImageIds.of(Files.readAllBytes(frame)));
        }
    }

    /** Three frames of one burst, classified as the classifier writes it: a zebra, an empty frame, and a gnu. */
    private void streamed() {
        ImageStore store = new ImageStore(dataDir.resolve("images"));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            byte[] jpeg = read(frames.get(i));
            store.put(ids.get(i), jpeg);
            Instant captured = captured(i);
            records.add(ImageRecord.of(ids.get(i), camera, captured, captured.plusSeconds(2), "jpeg", 2048, 1536,
                jpeg, ImagePayload.STORED).toProducerRecord());
        }
        records.add(prediction(0, List.of(score("zebra", 0.8), score("empty", 0.15), score("gnu", 0.05))));
        records.add(prediction(1, List.of(score("empty", 0.9), score("zebra", 0.1))));
        records.add(prediction(2, List.of(score("gnu", 0.55), score("zebra", 0.3), score("empty", 0.15))));
        TestKafka.send(records);
    }

    /** A person says the gnu is a zebra. */
    private void relabelled() {
        try (LabelStore labels = LabelStore.open(dataDir.resolve("labels"))) {
            labels.append(List.of(new LabelRecord(ids.get(2), "zebra", "ana", Instant.parse("2019-07-03T09:00:00Z"),
                LabelRecord.SOURCE_FEEDBACK, camera)));
        }
    }

    @Test
    void megadetectorExportFollowsTheFormatAndImportsBackForReviewAndAsLabels() throws IOException {
        streamed();
        relabelled();
        Path json = work.resolve("results.json");
        Path images = work.resolve("images");

        JsonObject results = export("megadetector", json, images);

        assertFollowsMegaDetectorFormat(results);
        assertEquals("1.6", results.getJsonObject("info").getString("format_version"));
        assertTrue(results.getJsonObject("info").getString("classifier").contains(MODEL), results.encode());
        Map<String, String> names = new HashMap<>();
        results.getJsonObject("classification_categories").forEach(c -> names.put(c.getKey(), (String) c.getValue()));
        Map<String, JsonObject> mine = results.getJsonArray("images").stream().map(JsonObject.class::cast)
            .filter(image -> image.getString("file").startsWith(camera + "/"))
            .collect(Collectors.toMap(image -> image.getString("file"), image -> image));
        assertEquals(3, mine.size(), mine.toString());

        JsonObject zebra = detectionOf(mine.get(camera + "/" + ids.get(0) + ".jpg"));
        assertEquals(List.of(0.0, 0.0, 1.0, 1.0), zebra.getJsonArray("bbox").getList(), "the whole image");
        assertEquals(0.85, zebra.getDouble("conf"), 1e-9, "the probability that the frame is not empty");
        assertEquals(List.of("zebra", "empty", "gnu"), classes(zebra, names));
        assertEquals(0.8, zebra.getJsonArray("classifications").getJsonArray(0).getDouble(1), 1e-9);
        assertEquals(List.of(), mine.get(camera + "/" + ids.get(1) + ".jpg").getJsonArray("detections").getList(),
            "an empty frame has no detections");
        JsonObject labelled = detectionOf(mine.get(camera + "/" + ids.get(2) + ".jpg"));
        assertEquals(List.of("zebra"), classes(labelled, names), "the person's label wins");
        assertEquals(1.0, labelled.getJsonArray("classifications").getJsonArray(0).getDouble(1));
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(Files.readAllBytes(frames.get(i)),
                Files.readAllBytes(images.resolve(camera).resolve(ids.get(i) + ".jpg")), "copied as it came");
        }

        // Back in as predictions to review, while nothing is labelled in the other data folder.
        assertEquals(0, run(new LabelsCommand(), otherDataDir, "import", "--megadetector", json.toString(),
            "--images", images.toString(), "--as", "predictions"), reported());
        assertTrue(printed().contains("Published 3 predictions"), printed());
        Map<String, Prediction> review = new HashMap<>();
        for (Prediction p : reviewItemsOfThisCamera()) {
            review.put(p.imageId(), p);
        }
        assertEquals(Set.copyOf(ids), review.keySet());
        Prediction first = review.get(ids.get(0));
        assertEquals("zebra", first.label());
        assertEquals(0.8, first.confidence(), 1e-9);
        assertEquals(List.of("zebra", "empty", "gnu"), first.topK().stream().map(LabelScore::label).toList());
        assertEquals(camera, first.cameraId(), "the folder the file is in");
        assertEquals(List.of(Prediction.Review.IMPORTED), first.review().reasons());
        assertTrue(first.modelVersion().contains(MODEL), first.modelVersion());
        assertEquals("empty", review.get(ids.get(1)).label(), "no detection: the blank label");
        assertEquals("zebra", review.get(ids.get(2)).label());
        assertTrue(new ImageStore(otherDataDir.resolve("images")).contains(ids.get(0)), "stored for the reviewers");

        // And as labels, by the tool that gave them.
        assertEquals(0, run(new LabelsCommand(), otherDataDir, "import", "--megadetector", json.toString(),
            "--images", images.toString()), reported());
        LabelSnapshot snapshot = LabelStore.readSnapshot(otherDataDir.resolve("labels"));
        assertEquals(Map.of("zebra", 2, "empty", 1), snapshot.classCounts(), printed());
        LabelRecord zebraLabel = recordOf(snapshot, ids.get(0));
        assertTrue(zebraLabel.labeler().contains(MODEL), zebraLabel.toString());
        assertEquals(camera, zebraLabel.site());
    }

    @Test
    void cocoExportCarriesWhatTheImportedDatasetSaidAndImportsBack() throws IOException {
        // A COCO Camera Traps dataset of the burst, with its sequence, is imported first ...
        JsonArray images = new JsonArray();
        JsonArray annotations = new JsonArray();
        for (int i = 0; i < frames.size(); i++) {
            images.add(new JsonObject().put("id", "img" + i).put("file_name", frames.get(i).getFileName().toString())
                .put("location", camera).put("datetime", "2019-07-01 10:00:0" + (i + 1)).put("seq_id", "S1-R6-20")
                .put("seq_num_frames", 3).put("frame_num", i));
            annotations.add(new JsonObject().put("id", "a" + i).put("image_id", "img" + i)
                .put("category_id", i == 1 ? 0 : 7));
        }
        JsonObject dataset = new JsonObject().put("images", images).put("annotations", annotations)
            .put("categories", new JsonArray().add(new JsonObject().put("id", 0).put("name", "empty"))
                .add(new JsonObject().put("id", 7).put("name", "zebra")));
        Path datasetFile = Files.writeString(work.resolve("dataset.json"), dataset.encode());
        assertEquals(0, run(new LabelsCommand(), dataDir, "import", "--coco", datasetFile.toString(), "--images",
            frames.get(0).getParent().toString()), reported());
        LabelRecord imported = recordOf(LabelStore.readSnapshot(dataDir.resolve("labels")), ids.get(2));
        assertEquals(camera, imported.site());
        assertEquals(Instant.parse("2019-07-01T10:00:03Z"), imported.capturedAt());
        assertEquals(new LabelRecord.Sequence("S1-R6-20", 2, 3), imported.sequence());

        // ... then the frames stream through, and the export says both what the model and the dataset said.
        streamed();
        Path coco = work.resolve("coco.json");
        Path copies = work.resolve("copies");
        JsonObject exported = export("coco", coco, copies);
        assertFollowsCocoCameraTraps(exported);
        Map<String, JsonObject> mine = exported.getJsonArray("images").stream().map(JsonObject.class::cast)
            .filter(image -> camera.equals(image.getString("location")))
            .collect(Collectors.toMap(image -> image.getString("id"), image -> image));
        assertEquals(Set.copyOf(ids), mine.keySet());
        JsonObject last = mine.get(ids.get(2));
        assertEquals(camera + "/" + ids.get(2) + ".jpg", last.getString("file_name"));
        assertEquals(List.of(2048, 1536), List.of(last.getInteger("width"), last.getInteger("height")));
        assertEquals("2019-07-01 10:00:03", last.getString("datetime"));
        assertEquals(List.of("S1-R6-20", 3, 2), List.of(last.getString("seq_id"), last.getInteger("seq_num_frames"),
            last.getInteger("frame_num")));
        Map<Integer, String> categories = new HashMap<>();
        exported.getJsonArray("categories").forEach(c -> categories.put(((JsonObject) c).getInteger("id"),
            ((JsonObject) c).getString("name")));
        assertEquals("empty", categories.get(0), "the blank class at 0");
        Map<String, String> labelOf = new HashMap<>();
        exported.getJsonArray("annotations").forEach(a -> labelOf.put(((JsonObject) a).getString("image_id"),
            categories.get(((JsonObject) a).getInteger("category_id"))));
        assertEquals(List.of("zebra", "empty", "zebra"), ids.stream().map(labelOf::get).toList(),
            "the dataset's label wins over the model's gnu");

        // Imported into another Trapstream, the labels keep the place, time and sequence.
        assertEquals(0, run(new LabelsCommand(), otherDataDir, "import", "--coco", coco.toString(), "--images",
            copies.toString()), reported());
        LabelSnapshot snapshot = LabelStore.readSnapshot(otherDataDir.resolve("labels"));
        for (int i = 0; i < ids.size(); i++) {
            LabelRecord record = recordOf(snapshot, ids.get(i));
            assertEquals(camera, record.site());
            assertEquals(captured(i), record.capturedAt());
            assertEquals(new LabelRecord.Sequence("S1-R6-20", i, 3), record.sequence());
        }
    }

    @Test
    void brokenMegaDetectorFilesAreRefusedWholeAndNothingIsTaken() throws IOException {
        Path images = Files.createDirectories(work.resolve("images").resolve(camera));
        Files.copy(frames.get(0), images.resolve("frame.jpg"));
        JsonObject valid = new JsonObject()
            .put("info", new JsonObject().put("format_version", "1.4").put("detector", "md_v5a.0.0.pt"))
            .put("detection_categories", new JsonObject().put("1", "animal"))
            .put("classification_categories", new JsonObject().put("0", "zebra"))
            .put("images", new JsonArray()
                .add(new JsonObject().put("file", camera + "/frame.jpg").put("detections", new JsonArray()
                    .add(new JsonObject().put("category", "1").put("conf", 0.9)
                        .put("bbox", new JsonArray().add(0.1).add(0.1).add(0.5).add(0.5))
                        .put("classifications", new JsonArray().add(new JsonArray().add("0").add(0.7))))))
                .add(new JsonObject().put("file", camera + "/gone.jpg").put("detections", new JsonArray()))
                .add(new JsonObject().put("file", "../outside.jpg").put("detections", new JsonArray()))
                .add(new JsonObject().put("file", camera + "/corrupt.jpg").put("failure", "Failure image access")));
        Map<String, String> broken = Map.of(
            "{\"info\": ", "not a JSON object",
            valid.copy().put("info", new JsonObject()).encode(), "info.format_version",
            without(valid, "detection_categories"), "detection_categories: required",
            valid.encode().replace("[\"0\",0.7]", "[\"5\",0.7]"), "images[0].detections[0].classifications[0][0]",
            valid.encode().replace("\"conf\":0.9", "\"conf\":1.5"), "images[0].detections[0].conf",
            valid.encode().replace("\"category\":\"1\"", "\"category\":1"), "images[0].detections[0].category",
            valid.encode().replace("\"0\":\"zebra\"", "\"zero\":\"zebra\""), "classification_categories");
        for (Map.Entry<String, String> file : broken.entrySet()) {
            Path json = Files.writeString(work.resolve("broken.json"), file.getKey());
            for (String target : List.of("labels", "predictions")) {
                assertEquals(1, run(new LabelsCommand(), dataDir, "import", "--megadetector", json.toString(),
                    "--images", work.resolve("images").toString(), "--as", target), file.getKey());
                assertTrue(reported().contains("is not a MegaDetector results file")
                    && reported().contains(file.getValue()), reported());
                assertEquals("", printed());
            }
        }
        assertEquals(0, LabelStore.readSnapshot(dataDir.resolve("labels")).size(), "nothing labelled");
        assertEquals(List.of(), reviewItemsOfThisCamera(), "nothing sent");

        // A file that holds: the image the tool failed on and the files not there are counted, the rest taken.
        Path json = Files.writeString(work.resolve("valid.json"), valid.encode());
        assertEquals(0, run(new LabelsCommand(), dataDir, "import", "--megadetector", json.toString(), "--images",
            work.resolve("images").toString()), reported());
        assertTrue(printed().contains("Skipped failed_in_results: 1"), printed());
        assertTrue(printed().contains("Skipped missing_file: 2"), "one gone, one outside the folder: " + printed());
        LabelRecord zebra = recordOf(LabelStore.readSnapshot(dataDir.resolve("labels")), ids.get(0));
        assertEquals(List.of("zebra", "md_v5a.0.0.pt", camera), List.of(zebra.label(), zebra.labeler(), zebra.site()),
            "labelled by the tool the file names");
    }

    @Test
    void speciesNetPredictionsImportByTheirCommonNames() throws IOException {
        Path images = Files.createDirectories(work.resolve("speciesnet").resolve(camera));
        for (int i = 0; i < 3; i++) {
            Files.copy(frames.get(i), images.resolve("frame" + i + ".jpg"));
        }
        String zebra = "5b2a6a29-ad4e-4a8b-8a51-0e8b4a5b8cf3;mammalia;perissodactyla;equidae;equus;quagga;plains zebra";
        String blank = "f1856211-cfb7-4a5b-9158-c0f72fd09ee6;;;;;;blank";
        JsonObject predictions = new JsonObject().put("predictions", new JsonArray()
            .add(new JsonObject().put("filepath", images.resolve("frame0.jpg").toString()).put("prediction", zebra)
                .put("prediction_score", 0.93).put("model_version", "4.0.1a")
                .put("classifications", new JsonObject().put("classes", new JsonArray().add(zebra).add(blank))
                    .put("scores", new JsonArray().add(0.91).add(0.05))))
            .add(new JsonObject().put("filepath", images.resolve("frame1.jpg").toString()).put("prediction", blank)
                .put("prediction_score", 0.99).put("model_version", "4.0.1a"))
            .add(new JsonObject().put("filepath", images.resolve("frame2.jpg").toString())
                .put("failures", new JsonArray().add("CLASSIFIER")).put("model_version", "4.0.1a")));
        Path json = Files.writeString(work.resolve("predictions.json"), predictions.encode());

        assertEquals(0, run(new LabelsCommand(), dataDir, "import", "--megadetector", json.toString(), "--images",
            images.getParent().toString()), reported());

        LabelSnapshot snapshot = LabelStore.readSnapshot(dataDir.resolve("labels"));
        assertEquals(Map.of("plains zebra", 1, "empty", 1), snapshot.classCounts(), printed());
        assertEquals("SpeciesNet 4.0.1a", recordOf(snapshot, ids.get(0)).labeler());
        assertEquals(camera, recordOf(snapshot, ids.get(1)).site());
        assertTrue(printed().contains("Skipped failed_in_results: 1"), printed());

        Path broken = Files.writeString(work.resolve("broken.json"), predictions.encode().replace(zebra, "zebra"));
        assertEquals(1, run(new LabelsCommand(), otherDataDir, "import", "--megadetector", broken.toString(),
            "--images", images.getParent().toString()));
        assertTrue(reported().contains("predictions[0].classifications.classes[0]: must be a taxonomy string"),
            reported());
        assertEquals(0, LabelStore.readSnapshot(otherDataDir.resolve("labels")).size(), "nothing labelled");
    }

    @Test
    void wrongUsageIsReportedBeforeAnythingIsRead() {
        assertEquals(2, run(new LabelsCommand(), dataDir, "import", "--megadetector", "x.json"));
        assertTrue(reported().contains("--images"), reported());
        assertEquals(2, run(new LabelsCommand(), dataDir, "import", "--data", "x", "--as", "predictions"));
        assertTrue(reported().contains("go with --megadetector"), reported());
        assertEquals(2, run(new LabelsCommand(), dataDir, "import", "--megadetector", "x.json", "--images", "d",
            "--threshold", "1.5"));
        assertEquals(2, run(new LabelsCommand(), dataDir, "import", "--megadetector", "x.json", "--images", "d",
            "--as", "guesses"));
        assertEquals(2, run(new ExportCommand(), dataDir, "megadetector"));
        assertTrue(reported().contains("--out"), reported());
        assertEquals(2, run(new ExportCommand(), dataDir, "coco", "--out", "x.json", "--from", TO, "--to", FROM));
        assertTrue(reported().contains("--from must be before --to"), reported());
        assertEquals("", printed(), "errors go to stderr");
    }

    /**
     * The MegaDetector batch output format's rules, from its specification (lila.science/megadetector-output-format):
     * {@code info.format_version} a float written as a string; {@code detection_categories} and
     * {@code classification_categories} keyed by non-negative integers written as strings, names not blank;
     * {@code images} a list of objects with a {@code file} and, when processed, a {@code detections} list whose
     * entries have a known {@code category}, a float {@code conf}, a four-number {@code bbox} of relative
     * coordinates, and {@code classifications} as [known category, confidence] pairs in descending order.
     */
    private static void assertFollowsMegaDetectorFormat(JsonObject results) {
        JsonObject info = results.getJsonObject("info");
        Double.parseDouble(info.getString("format_version"));
        Map<String, Object> detectionCategories = results.getJsonObject("detection_categories").getMap();
        Map<String, Object> classificationCategories = results.getJsonObject("classification_categories").getMap();
        for (Map<String, Object> table : List.of(detectionCategories, classificationCategories)) {
            table.forEach((id, name) -> {
                assertTrue(id.matches("\\d+"), "category id " + id);
                assertTrue(name instanceof String text && !text.isBlank(), "category name " + name);
            });
        }
        for (Object entry : results.getJsonArray("images")) {
            JsonObject image = assertInstanceOf(JsonObject.class, entry);
            assertInstanceOf(String.class, image.getValue("file"));
            assertNull(image.getValue("failure"));
            for (Object found : image.getJsonArray("detections")) {
                JsonObject detection = assertInstanceOf(JsonObject.class, found);
                assertTrue(detectionCategories.containsKey(detection.getString("category")), detection.encode());
                double conf = assertInstanceOf(Double.class, detection.getValue("conf"));
                assertTrue(conf >= 0 && conf <= 1, detection.encode());
                JsonArray bbox = detection.getJsonArray("bbox");
                assertEquals(4, bbox.size());
                bbox.forEach(v -> assertTrue(((Number) v).doubleValue() >= 0 && ((Number) v).doubleValue() <= 1));
                double previous = 1;
                for (Object pair : detection.getJsonArray("classifications")) {
                    JsonArray classification = (JsonArray) pair;
                    assertTrue(classificationCategories.containsKey(classification.getString(0)), pair.toString());
                    assertTrue(classification.getDouble(1) <= previous, "descending: " + detection.encode());
                    previous = classification.getDouble(1);
                }
            }
        }
    }

    /**
     * COCO Camera Traps (lila.science/coco-camera-traps): {@code images} with a unique {@code id},
     * {@code file_name}, integer {@code width} and {@code height}, and {@code datetime} as
     * {@code YYYY-MM-DD HH:MM:SS}; {@code categories} with unique integer ids and names; {@code annotations} with
     * a unique {@code id}, an {@code image_id} of an image and a {@code category_id} of a category.
     */
    private static void assertFollowsCocoCameraTraps(JsonObject coco) {
        assertInstanceOf(JsonObject.class, coco.getValue("info"));
        Set<Object> imageIds = new HashSet<>();
        for (Object entry : coco.getJsonArray("images")) {
            JsonObject image = assertInstanceOf(JsonObject.class, entry);
            assertTrue(imageIds.add(image.getValue("id")), "unique image id " + image.getValue("id"));
            assertInstanceOf(String.class, image.getValue("file_name"));
            assertInstanceOf(Integer.class, image.getValue("width"));
            assertInstanceOf(Integer.class, image.getValue("height"));
            String datetime = image.getString("datetime");
            assertTrue(datetime == null || datetime.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), datetime);
        }
        Set<Object> categoryIds = new HashSet<>();
        for (Object entry : coco.getJsonArray("categories")) {
            JsonObject category = assertInstanceOf(JsonObject.class, entry);
            assertTrue(categoryIds.add(assertInstanceOf(Integer.class, category.getValue("id"))));
            assertInstanceOf(String.class, category.getValue("name"));
        }
        Set<Object> annotationIds = new HashSet<>();
        for (Object entry : coco.getJsonArray("annotations")) {
            JsonObject annotation = assertInstanceOf(JsonObject.class, entry);
            assertTrue(annotationIds.add(annotation.getValue("id")));
            assertTrue(imageIds.contains(annotation.getValue("image_id")), annotation.encode());
            assertTrue(categoryIds.contains(annotation.getValue("category_id")), annotation.encode());
        }
    }

    private List<Prediction> reviewItemsOfThisCamera() {
        return TestKafka.readToEnd(Topics.REVIEW, r -> ids.contains(r.key())).stream()
            .map(r -> Prediction.fromJson(new JsonObject(new String(r.value(), StandardCharsets.UTF_8))))
            .filter(p -> p.cameraId().equals(camera))
            .toList();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject detectionOf(JsonObject image) {
        JsonArray detections = image.getJsonArray("detections");
        assertEquals(1, detections.size(), image.encode());
        return detections.getJsonObject(0);
    }

    private static List<String> classes(JsonObject detection, Map<String, String> names) {
        return detection.getJsonArray("classifications").stream()
            .map(pair -> names.get(((JsonArray) pair).getString(0))).toList();
    }

    private static String without(JsonObject json, String field) {
        JsonObject copy = json.copy();
        copy.remove(field);
        return copy.encode();
    }

    private static LabelRecord recordOf(LabelSnapshot snapshot, String imageId) {
        return snapshot.records().stream().filter(r -> r.imageId().equals(imageId)).findFirst().orElseThrow();
    }

    private static Instant captured(int frame) {
        return Instant.parse("2019-07-01T10:00:0" + (frame + 1) + "Z");
    }

    private static LabelScore score(String label, double confidence) {
        return new LabelScore(label, confidence);
    }

    private ProducerRecord<String, byte[]> prediction(int frame, List<LabelScore> topK) {
        Prediction prediction = new Prediction(ids.get(frame), camera, captured(frame), MODEL, topK.get(0).label(),
            topK.get(0).confidence(), topK, Double.NaN, false, false, Prediction.Review.none(),
            new Prediction.Timings(1, 1, 1, 3), Instant.now());
        return new ProducerRecord<>(Topics.PREDICTIONS, prediction.imageId(),
            prediction.toJson().encode().getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code export FORMAT} of this test's day into {@code out}, the images copied to {@code images}. */
    private JsonObject export(String format, Path out, Path images) throws IOException {
        assertEquals(0, run(new ExportCommand(), dataDir, format, "--out", out.toString(), "--images",
            images.toString(), "--from", FROM, "--to", TO), reported());
        return new JsonObject(Files.readString(out));
    }

    /** Runs a command with {@code data} as data.dir against the shared broker. */
    private int run(Object command, Path data, String... args) {
        output.reset();
        errors.reset();
        Invocation invocation = new Invocation(new PrintStream(output, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8), Map.of(
                "TRAPSTREAM_DATA_DIR", data.toString(),
                "TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                TestKafka.config().getString(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS)));
        CommandLine line = CommandLines.create(command, invocation);
        return line.execute(args);
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private String reported() {
        return errors.toString(StandardCharsets.UTF_8);
    }
}
