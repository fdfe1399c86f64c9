package org.trapstream.trainer.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.store.ImageStore;
import org.trapstream.testkit.SharedDatasets;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.labels.SplitAssigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsCommandTest {

    private static final String ITALIAN = "italian_honey_bee";
    private static final String RUSSIAN = "russian_honey_bee";

    private Path bees;

    @TempDir
    Path dataDir;
    @TempDir
    Path work;
    private TrapstreamConfig config;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        bees = SharedDatasets.require(SharedDatasets.HONEYBEE);
        config = TrapstreamConfig.of(TrainerConfig.DEFINITION, Map.of(GeneralSettings.DATA_DIR, dataDir.toString()));
    }

    /** Runs {@code trapstream labels ARGS} with {@link #dataDir} as data.dir. */
    private int labels(String... args) {
        output.reset();
        errors.reset();
        Invocation invocation = new Invocation(new PrintStream(output, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8), Map.of("TRAPSTREAM_DATA_DIR", dataDir.toString()));
        return CommandLines.create(new LabelsCommand(), invocation).execute(args);
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private String reported() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    /** The first {@code count} real bee photos of a class, by file name. */
    private List<Path> bees(String split, String label, int count) throws IOException {
        try (Stream<Path> files = Files.list(bees.resolve(split).resolve(label))) {
            return files.sorted().limit(count).toList();
        }
    }

    /** A small folder dataset in train/ and test/ form, with the clutter real datasets have. */
    private Path folderDataset() throws IOException {
        Path root = work.resolve("bees");
        for (String split : List.of("train", "test")) {
            for (String label : List.of(ITALIAN, RUSSIAN)) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(label));
                for (Path photo : bees(split, label, 3)) {
                    Files.copy(photo, dir.resolve(photo.getFileName()));
                }
            }
        }
        Files.writeString(root.resolve("README.md"), "a dataset");
        Files.writeString(root.resolve("train").resolve(ITALIAN).resolve("notes.txt"), "not an image file name");
        Files.writeString(root.resolve("train").resolve(ITALIAN).resolve("broken.jpg"), "not an image either");
        return root;
    }

    @Test
    void importsAFolderDatasetOnceEvenWhenImportedTwice() throws IOException {
        Path dataset = folderDataset();

        assertEquals(0, labels("import", "--data", dataset.toString()), printed());
        assertTrue(printed().contains("Imported 12 labels"), printed());
        assertTrue(printed().contains("Skipped invalid_image:unsupported_format: 1"), printed());

        LabelSnapshot snapshot = LabelStore.readSnapshot(config.labelsDir());
        assertEquals(Map.of(ITALIAN, 6, RUSSIAN, 6), snapshot.classCounts());
        ImageStore images = new ImageStore(config.imageStoreDir());
        Path photo = bees("test", RUSSIAN, 1).get(0);
        String id = ImageIds.of(Files.readAllBytes(photo));
        assertTrue(images.contains(id), "stored by content id");
        LabelRecord record = snapshot.records().stream().filter(r -> r.imageId().equals(id)).findFirst().orElseThrow();
        assertEquals(RUSSIAN, record.label());
        assertEquals("import:" + dataset.toAbsolutePath().normalize(), record.source());

        assertEquals(0, labels("import", "--data", dataset.toString()), printed());
        assertTrue(printed().contains("Imported 0 labels") && printed().contains("Unchanged (already labelled the same): 12"),
            printed());
        assertEquals(12, LabelStore.readSnapshot(config.labelsDir()).logPosition(), "nothing appended the second time");
    }

    @Test
    void importsCocoCameraTrapsTakingTheFirstAnnotationOfEachImage() throws IOException {
        List<Path> italian = bees("train", ITALIAN, 4);
        Path russian = bees("train", RUSSIAN, 1).get(0);
        JsonObject coco = new JsonObject()
            .put("images", new JsonArray()
                .add(image(1, italian.get(0)).put("location", 17))
                .add(image(2, italian.get(1)))
                .add(image(3, italian.get(2)))
                .add(image("r1", russian))
                .add(new JsonObject().put("id", 5).put("file_name", "train/" + ITALIAN + "/no-such-file.jpg"))
                .add(image(6, italian.get(3))))
            .put("annotations", new JsonArray()
                .add(annotation(1, 10))
                .add(annotation(1, 20))
                .add(annotation(2, 30))
                .add(annotation("r1", 20))
                .add(annotation(5, 10))
                .add(annotation(6, 40)))
            .put("categories", new JsonArray()
                .add(new JsonObject().put("id", 10).put("name", ITALIAN))
                .add(new JsonObject().put("id", 20).put("name", RUSSIAN))
                .add(new JsonObject().put("id", 30).put("name", " "))
                .add(new JsonObject().put("id", 40).put("name", "Grant's gazelle")));
        Path json = Files.writeString(work.resolve("coco.json"), coco.encodePrettily());

        assertEquals(0, labels("import", "--coco", json.toString(), "--images", bees.toString()), printed());

        LabelSnapshot snapshot = LabelStore.readSnapshot(config.labelsDir());
        assertEquals(Map.of(ITALIAN, 1, RUSSIAN, 1), snapshot.classCounts(), printed());
        assertEquals(ITALIAN, labelOf(snapshot, italian.get(0)), "the first of two annotations wins");
        assertEquals("17", recordOf(snapshot, italian.get(0)).site(), "an image's COCO location is its site");
        assertNull(recordOf(snapshot, russian).site(), "an image without a location has no site");
        assertEquals(RUSSIAN, labelOf(snapshot, russian), "string ids work too");
        assertTrue(printed().contains("Skipped unlabelled: 2"), "blank category and no annotation: " + printed());
        assertTrue(printed().contains("Skipped missing_file: 1"), printed());
        assertTrue(printed().contains("Skipped annotation_without_category_name: 1"), printed());
        assertTrue(printed().contains("Skipped invalid_label: 1"), "not a LabelName: " + printed());
    }

    @Test
    void exportsTheCurrentLabelsWithTheirSplitAsCsv() throws IOException {
        Path dataset = folderDataset();
        labels("import", "--data", dataset.toString());
        String relabelled = ImageIds.of(Files.readAllBytes(bees("train", ITALIAN, 1).get(0)));
        try (LabelStore store = LabelStore.open(config.labelsDir())) {
            store.append(List.of(new LabelRecord(relabelled, RUSSIAN, "Ana \"the expert\", reviewer",
                Instant.parse("2026-01-02T03:04:05Z"), LabelRecord.SOURCE_FEEDBACK, "cam-7")));
        }
        Path csv = work.resolve("labels.csv");

        assertEquals(0, labels("export", "--out", csv.toString()), printed());

        List<String> lines = Files.readAllLines(csv);
        assertEquals("image_id,label,labeler,labeled_at,site,split", lines.get(0));
        assertEquals(13, lines.size(), "a header and one row per image");
        SplitAssigner splits = SplitAssigner.from(config);
        for (String line : lines.subList(1, lines.size())) {
            String id = line.substring(0, 64);
            assertTrue(line.endsWith("," + splits.splitOf(id).code()), line);
        }
        assertTrue(lines.contains(relabelled + "," + RUSSIAN + ",\"Ana \"\"the expert\"\", reviewer\","
            + "2026-01-02T03:04:05Z,cam-7," + splits.splitOf(relabelled).code()), "the last label, quoted: " + lines);
    }

    @Test
    void wrongUsageAndABusyLogAreReported() throws IOException {
        assertEquals(2, labels());
        assertEquals(2, labels("import", "--data"));
        assertEquals(2, labels("import", "--coco", "x.json"));
        assertTrue(reported().contains("Missing required option: --images=DIR"), reported());
        assertEquals(2, labels("import", "--data", "a", "--coco", "x.json", "--images", "b"), "one dataset at a time");
        assertEquals(2, labels("export"));
        assertEquals(2, labels("relabel"));
        assertTrue(reported().contains("Usage: labels"), reported());
        assertEquals("", printed(), "errors go to stderr");

        Path dataset = folderDataset();
        LabelStore running = LabelStore.open(config.labelsDir());
        try {
            assertEquals(1, labels("import", "--data", dataset.toString()));
            assertTrue(reported().contains("already open"), reported());
            assertEquals("", printed(), "errors go to stderr");
        } finally {
            running.close();
        }
    }

    private JsonObject image(Object id, Path file) {
        return new JsonObject().put("id", id).put("file_name", bees.relativize(file).toString());
    }

    private static JsonObject annotation(Object imageId, int categoryId) {
        return new JsonObject().put("image_id", imageId).put("category_id", categoryId);
    }

    private static String labelOf(LabelSnapshot snapshot, Path file) throws IOException {
        return recordOf(snapshot, file).label();
    }

    private static LabelRecord recordOf(LabelSnapshot snapshot, Path file) throws IOException {
        String id = ImageIds.of(Files.readAllBytes(file));
        return snapshot.records().stream().filter(r -> r.imageId().equals(id)).findFirst().orElseThrow();
    }
}
