package org.trapstream.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.common.role.RoleContext;
import org.trapstream.common.role.RoleHost;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.Misclassified;
import org.trapstream.model.plot.Charts;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelStatus;
import org.trapstream.serving.engine.InputBatch;
import org.trapstream.testkit.SharedDatasets;
import org.trapstream.trainer.labels.Split;
import org.trapstream.trainer.labels.SplitAssigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * The feedback loop end to end on a real broker with real bee photos: a bootstrap model serves, labels arrive
 * on the feedback topic, the trainer retrains on its own thread, and the promotion gate decides what serves.
 * Models are tiny (32 px, a few epochs) so a run takes seconds.
 */
class TrainerRoleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String CARNIOLAN = "carniolan_honey_bee";
    private static final String ITALIAN = "italian_honey_bee";
    private static final String MIXED = "mixed_local_stock";
    private static final int FEEDBACK_PER_CLASS = 20;

    private static Path bees;
    /** Bootstrap registries, trained once: three classes, and two (for the new-class test). */
    private static Path threeClassModels;
    private static Path twoClassModels;

    @TempDir
    static Path bootstrapDir;
    @TempDir
    Path dataDir;
    private RoleHost trainer;

    @BeforeAll
    static void bootstrapModels() {
        bees = SharedDatasets.find(SharedDatasets.HONEYBEE).orElse(null);
        if (bees != null) {
            Backend.init();
            threeClassModels = bootstrap(bootstrapDir.resolve("three"), List.of(CARNIOLAN, ITALIAN, MIXED));
            twoClassModels = bootstrap(bootstrapDir.resolve("two"), List.of(ITALIAN, MIXED));
        }
    }

    @BeforeEach
    void setUp() {
        SharedDatasets.require(SharedDatasets.HONEYBEE);
    }

    @AfterEach
    void tearDown() {
        if (trainer != null) { // null when the dataset is missing and the test was skipped
            trainer.close();
        }
    }

    /** Small, fast training; one run once all the test's labels are in; the gate as each test sets it. */
    private TrapstreamConfig config(Map<String, String> gate) {
        Map<String, String> values = new HashMap<>(Map.of(
            TrainingSettings.TRAIN_IMAGE_SIZE, "32",
            TrainingSettings.TRAIN_EPOCHS, "8",
            TrainingSettings.TRAIN_BATCH_SIZE, "16",
            TrainingSettings.TRAIN_LEARNING_RATE, "0.01",
            TrainingSettings.TRAIN_AUGMENT, "false",
            TrainerConfig.RETRAIN_MIN_LABELS, String.valueOf(3 * FEEDBACK_PER_CLASS),
            TrainerConfig.RETRAIN_INTERVAL, "1h",
            TrainerConfig.RETRAIN_FULL_EVERY, "0",
            TrainerConfig.SPLIT_EVALUATION_PERCENT, "30",
            TrainerConfig.TRAINER_GROUP_ID, "trainer-test-" + UUID.randomUUID()));
        values.putAll(gate);
        return TestKafka.config(TrainerConfig.DEFINITION, dataDir, values);
    }

    /**
     * What {@code trapstream train} does for a fresh installation: a first model from a folder dataset (training
     * images, none of which the tests send as feedback), promoted. Returns the registry's folder.
     */
    private static Path bootstrap(Path registryDir, List<String> classes) {
        List<LabeledImage> images = new ArrayList<>();
        for (String label : classes) {
            images(bees.resolve("train").resolve(label), 0, 30).forEach(f -> images.add(new LabeledImage(f, label)));
        }
        TrainingOptions options = new TrainingOptions(SeedCnn.DEFAULT, 32, 4, 16, 0.003, 42, 0.1, 4, null);
        ModelRegistry registry = new ModelRegistry(registryDir);
        ModelMetadata model = new Trainer(registry, options, ImageLimits.defaults(),
            System.err, false)
            .train(new FolderDataset(bees, classes, images), new FolderDataset(bees, classes, List.of()), null);
        registry.promote(model.version());
        return registryDir;
    }

    /** Gives this test's data dir a copy of a bootstrap registry and returns its serving model. */
    private static ModelMetadata install(Path bootstrapRegistry, TrapstreamConfig config) throws IOException {
        Path target = config.modelRegistryDir();
        try (Stream<Path> files = Files.walk(bootstrapRegistry)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(bootstrapRegistry.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return new ModelRegistry(target).promoted().orElseThrow();
    }

    /**
     * Stores test images as ingest would and returns image id -> true label. Each test takes its own slice of
     * images: feedback that other tests left on the shared broker then names images this test's store does not
     * hold, and is rejected instead of mixing into this test's labels.
     */
    private static Map<String, String> storeImages(TrapstreamConfig config, List<String> classes, int slice) {
        ImageStore store = new ImageStore(config.imageStoreDir());
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : classes) {
            for (Path file : images(bees.resolve("test").resolve(label), slice * FEEDBACK_PER_CLASS, FEEDBACK_PER_CLASS)) {
                byte[] bytes = read(file);
                String id = ImageIds.of(bytes);
                store.put(id, bytes);
                labels.put(id, label);
            }
        }
        return labels;
    }

    private static void sendFeedback(Map<String, String> labels) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        labels.forEach((id, label) -> records.add(new ProducerRecord<>(Topics.FEEDBACK, id,
            new Feedback(id, label, "ana", Instant.now(), "cam-1").toJson().toBuffer().getBytes())));
        TestKafka.send(records);
    }

    /** Starts the trainer as the launcher does; {@link #tearDown} stops it. */
    private RoleContext deploy(TrapstreamConfig config) {
        trainer = RoleHost.start(config, List.of(new TrainerRole()));
        return trainer.context();
    }

    /** Waits until the registry holds a version after {@code after}, and returns it. */
    private static ModelMetadata awaitCandidate(ModelRegistry registry, String after) {
        return eventually(TIMEOUT, () -> registry.list().stream().filter(m -> m.version().compareTo(after) > 0)
            .findFirst().orElseThrow(() -> new AssertionError("a candidate after " + after)));
    }

    @Test
    void feedbackRetrainsAndPromotesACandidateThatIsAnnounced() throws Exception {
        // Twenty evaluation images are noisy: a generous tolerance lets an equal model through (the gate's
        // thresholds are proven in PromotionGateTest); this test is about the loop.
        TrapstreamConfig config = config(Map.of(
            TrainerConfig.PROMOTION_TOLERANCE, "0.3",
            TrainerConfig.PROMOTION_MIN_CLASS_SUPPORT, "1000"));
        List<String> classes = List.of(CARNIOLAN, ITALIAN, MIXED);
        ModelMetadata bootstrap = install(threeClassModels, config);
        Map<String, String> labels = storeImages(config, classes, 0);
        RoleContext context = deploy(config);

        sendFeedback(labels);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ModelMetadata candidate = awaitCandidate(registry, bootstrap.version());
        // Promoting names the version in promoted.json first, then marks it: wait for both.
        ModelMetadata promoted = eventually(TIMEOUT, () -> {
            ModelMetadata serving = registry.promoted().orElseThrow(() -> new AssertionError("nothing promoted"));
            assertEquals(candidate.version(), serving.version(), "the candidate promoted");
            assertEquals(ModelStatus.PROMOTED, serving.status());
            return serving;
        });
        assertEquals(bootstrap.version(), promoted.parentVersion());
        assertEquals(classes, promoted.labels());
        assertEquals(3 * FEEDBACK_PER_CLASS, promoted.data().getInteger("images"));
        assertEquals(64, promoted.data().getString("id").length(), "the data snapshot id");
        assertEquals(Set.of("cam-1"), promoted.trainedCameras(), "the feedback's camera, so it is no new camera");
        assertEquals("image", promoted.data().getString("split_by"), "one camera is too few to hold cameras out");
        assertEquals(bootstrap.version(), promoted.metrics().getJsonObject("current_model").getString("version"));
        assertEquals(promoted.metrics().getJsonObject("current_model").getInteger("images"),
            promoted.metrics().getInteger("images"), "both models scored on the same frozen images");
        assertTrue(promoted.metrics().getJsonObject("gate").getBoolean("promote"));
        assertEquals(bootstrap.version(), promoted.architecture().getJsonObject("transfer").getString("from"));
        assertFrozenEvaluationImagesNeverTrained(config, labels, promoted);

        ModelAnnouncement announcement = awaitAnnouncement(promoted);
        assertEquals(ModelAnnouncement.DEFAULT_MODEL, announcement.modelName());

        eventually(TIMEOUT, () -> assertEquals(1, runs(context, "promoted"), "the run counted"));
        JsonObject health = context.health().report().getJsonObject("components").getJsonObject("trainer");
        assertTrue(health.getBoolean("up"), health.encode());
        assertEquals(3 * FEEDBACK_PER_CLASS, health.getInteger("labels"));
        assertEquals(promoted.version(), health.getString("current_version"));
        assertTrue(context.registry().scrape().contains("camtrap_trainer_run_duration_seconds"));
        JsonObject calibration = promoted.metrics().getJsonObject("calibration");
        assertEquals(promoted.temperature(), calibration.getDouble("temperature"));
        assertTrue(calibration.getValue("ece_after") instanceof Number, calibration.encode());

        // A restart finds the labels it trained on in the log and in the registry: nothing new to train on.
        trainer.close();
        JsonObject restarted = deploy(config).health().report().getJsonObject("components")
            .getJsonObject("trainer");
        assertEquals(3 * FEEDBACK_PER_CLASS, restarted.getInteger("labels"), restarted.encode());
        assertEquals(0, restarted.getLong("new_labels"), restarted.encode());
        assertEquals(promoted.version(), restarted.getString("current_version"));
    }

    @Test
    void aCandidateTrainedOnSwappedLabelsIsRejectedAndTheServingModelStays() throws Exception {
        TrapstreamConfig config = config(Map.of(
            TrainerConfig.PROMOTION_MIN_CLASS_SUPPORT, "3"));
        List<String> classes = List.of(CARNIOLAN, ITALIAN, MIXED);
        ModelMetadata bootstrap = install(threeClassModels, config);
        Map<String, String> truth = storeImages(config, classes, 1);
        // A confused labeler: every training and validation image gets the next class's name. The frozen
        // evaluation images keep their true labels, so the damage shows where the gate looks.
        SplitAssigner splits = SplitAssigner.from(config);
        Map<String, String> swapped = new LinkedHashMap<>();
        truth.forEach((id, label) -> swapped.put(id, splits.splitOf(id) == Split.EVALUATION
            ? label : classes.get((classes.indexOf(label) + 1) % classes.size())));
        RoleContext context = deploy(config);

        sendFeedback(swapped);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ModelMetadata candidate = awaitCandidate(registry, bootstrap.version());
        eventually(TIMEOUT, () -> assertEquals(1, runs(context, "rejected"), "the run counted"));

        ModelMetadata rejected = registry.metadata(candidate.version());
        assertEquals(ModelStatus.REJECTED, rejected.status());
        assertNotNull(rejected.statusReason());
        assertFalse(rejected.metrics().getJsonObject("gate").getBoolean("promote"));
        assertEquals(rejected.statusReason(), rejected.metrics().getJsonObject("gate").getString("reason"));
        assertMistakesNameFrozenEvaluationImages(rejected, truth, splits, registry);
        assertEquals(bootstrap.version(), registry.promoted().orElseThrow().version(), "the serving model stays");
        assertEquals(0, runs(context, "promoted"));
        assertEquals(bootstrap.version(),
            context.health().report().getJsonObject("components").getJsonObject("trainer").getString("current_version"));
    }

    @Test
    void aNewClassInTheFeedbackJoinsTheNextPromotedModel() throws Exception {
        TrapstreamConfig config = config(Map.of(
            TrainerConfig.PROMOTION_TOLERANCE, "0.3",
            TrainerConfig.PROMOTION_MIN_CLASS_SUPPORT, "1000"));
        ModelMetadata bootstrap = install(twoClassModels, config);
        // Carniolan sorts first: every known class moves one output to the right.
        List<String> classes = List.of(CARNIOLAN, ITALIAN, MIXED);
        Map<String, String> labels = storeImages(config, classes, 2);
        deploy(config);

        sendFeedback(labels);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ModelMetadata candidate = awaitCandidate(registry, bootstrap.version());
        eventually(TIMEOUT, () -> assertEquals(candidate.version(),
            registry.promoted().map(ModelMetadata::version).orElse(null), "the candidate promoted"));

        ModelMetadata promoted = registry.promoted().orElseThrow();
        assertEquals(classes, promoted.labels());
        assertEquals(List.of(ITALIAN, MIXED), bootstrap.labels());
        assertEquals(0.0, promoted.metrics().getJsonObject("current_model").getJsonObject("per_class")
            .getJsonObject(CARNIOLAN).getDouble("recall"), "the old model cannot know the new class");
        assertEquals(classes.size(), registry.load(promoted.version()).predict(
            new InputBatch(new float[3 * 32 * 32], new long[] {1, 3, 32, 32}))[0].length, "the served network has the new output");
        awaitAnnouncement(promoted);
    }

    @Test
    void withoutAServingModelTheFirstRunTrainsFromScratchAndMustBeatChance() throws Exception {
        TrapstreamConfig config = config(Map.of());
        List<String> classes = List.of(CARNIOLAN, ITALIAN, MIXED);
        Map<String, String> labels = storeImages(config, classes, 3);
        RoleContext context = deploy(config);

        sendFeedback(labels);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ModelMetadata first = awaitCandidate(registry, "v0000");
        eventually(TIMEOUT, () -> assertEquals(1, runs(context, "promoted") + runs(context, "rejected"),
            "the run counted"));

        first = registry.metadata(first.version());
        assertEquals(null, first.parentVersion());
        assertFalse(first.architecture().containsKey("transfer"), "trained from scratch");
        assertEquals(32, first.inputSize());
        assertTrue(first.metrics().getJsonObject("current_model").isEmpty(), "nothing to compare with");
        JsonObject gate = first.metrics().getJsonObject("gate");
        assertTrue(gate.getString("reason").startsWith("first model:"), gate.encode());
        assertEquals(gate.getBoolean("promote"), first.status() == ModelStatus.PROMOTED, gate.encode());
        assertEquals(gate.getBoolean("promote"), registry.promoted().isPresent());
    }

    /**
     * A model trained on swapped labels errs on the frozen evaluation images: its most confident mistakes name
     * them by image id, with their true labels, and its grid shows them.
     */
    private static void assertMistakesNameFrozenEvaluationImages(ModelMetadata model, Map<String, String> truth,
                                                                 SplitAssigner splits, ModelRegistry registry) {
        List<Misclassified> mistakes = Misclassified.of(model.metrics());
        assertFalse(mistakes.isEmpty(), model.metrics().encode());
        assertTrue(mistakes.size() <= Misclassified.MAX_KEPT);
        for (Misclassified mistake : mistakes) {
            assertEquals(Split.EVALUATION, splits.splitOf(mistake.source()), mistake.toString());
            assertEquals(truth.get(mistake.source()), mistake.truth(), mistake.toString());
            assertFalse(mistake.truth().equals(mistake.predicted()), mistake.toString());
        }
        assertTrue(Files.isRegularFile(registry.versionDir(model.version()).resolve(Charts.MISCLASSIFIED_FILE)));
    }

    /** The frozen evaluation images of the snapshot are exactly those the split assigns there, none trained on. */
    private static void assertFrozenEvaluationImagesNeverTrained(TrapstreamConfig config, Map<String, String> labels,
                                                                 ModelMetadata model) {
        SplitAssigner splits = SplitAssigner.from(config);
        int evaluation = (int) labels.keySet().stream().filter(id -> splits.splitOf(id) == Split.EVALUATION).count();
        JsonObject counts = model.data().getJsonObject("splits");
        assertEquals(evaluation, counts.getJsonObject("evaluation").getInteger("images"));
        assertEquals(evaluation, model.metrics().getInteger("images"));
        assertEquals(labels.size() - evaluation, counts.getJsonObject("train").getInteger("images")
            + counts.getJsonObject("validation").getInteger("images"));
    }

    private static double runs(RoleContext context, String outcome) {
        var counter = context.registry().find("camtrap.trainer.runs").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Reads the models topic until the announcement of this model (version and checksum) shows up. */
    private static ModelAnnouncement awaitAnnouncement(ModelMetadata model) {
        ConsumerRecord<String, byte[]> record = TestKafka.await(Topics.MODELS, r -> r.value() != null
            && announcesThis(ModelAnnouncement.fromJson(new JsonObject(new String(r.value(), StandardCharsets.UTF_8))),
                model), 1).get(0);
        ModelAnnouncement announcement = ModelAnnouncement.fromJson(
            new JsonObject(new String(record.value(), StandardCharsets.UTF_8)));
        assertEquals(announcement.modelName(), record.key(), "keyed by model name");
        return announcement;
    }

    private static boolean announcesThis(ModelAnnouncement announcement, ModelMetadata model) {
        return announcement.version().equals(model.version()) && announcement.sha256().equals(model.sha256());
    }

    private static List<Path> images(Path classDir, int skip, int count) {
        try (Stream<Path> files = Files.list(classDir)) {
            return files.filter(f -> f.toString().endsWith(".jpg")).sorted().skip(skip).limit(count).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
