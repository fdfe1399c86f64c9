package org.trapstream.tests.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelStatus;
import org.trapstream.testkit.TestImages;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.cli.LabelsCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * A trainer process killed with SIGKILL in the middle of a training run: the registry it leaves holds no
 * half-written version and no promotion of one, and the trainer started again on the same data trains again
 * from the labels it had, saves a whole version and leaves no temporary files in the registry.
 */
class TrainerKillFaultTest {

    private static final List<String> CLASSES = List.of("apis_mellifera", "bombus", "vespa");
    private static final int PER_CLASS = 20;

    @ParameterizedTest(name = "round {0}")
    @MethodSource("org.trapstream.tests.faults.Scale#rounds")
    void aTrainerKilledMidTrainingTrainsAgainAndLeavesAWholeRegistry(int round, @TempDir Path dataDir)
        throws IOException {
        importLabels(dataDir, folderDataset(dataDir.resolve("dataset")));
        String group = TestKafka.uniqueGroup("fault-trainer");
        TestKafka.startGroupAtEnd(group, Topics.FEEDBACK);
        Map<String, String> settings = Map.of(
            TrainerConfig.TRAINER_GROUP_ID, group,
            TrainerConfig.RETRAIN_MIN_LABELS, String.valueOf(CLASSES.size() * PER_CLASS),
            TrainerConfig.RETRAIN_INTERVAL, "1h",
            TrainerConfig.SPLIT_EVALUATION_PERCENT, "30",
            TrainingSettings.TRAIN_IMAGE_SIZE, "32",
            TrainingSettings.TRAIN_AUGMENT, "false");
        ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"));

        RoleProcess trainer = RoleProcess.start("trainer", dataDir, with(settings, "2000"));
        // The labels are there at start, so the first run begins at once; far too many epochs to end by itself.
        trainer.awaitHealth("training", true);
        trainer.kill();
        assertWhole(registry);
        assertTrue(registry.promoted().isEmpty(), "nothing promoted by a run that never finished");

        try (RoleProcess restarted = RoleProcess.start("trainer", dataDir, with(settings, "2"))) {
            JsonObject lastRun = eventually(TestKafka.PATIENCE, () -> {
                JsonObject run = restarted.health().getJsonObject("components").getJsonObject("trainer")
                    .getJsonObject("last_run");
                assertNotNull(run, "the restarted trainer finished a run");
                return run;
            });
            assertWhole(registry);
            assertEquals(1, registry.list().size(), "one version, from the run after the restart: " + lastRun);
        }
    }

    /** Every version the registry lists loads and matches its checksum; the promoted one says so; no temp files. */
    private static void assertWhole(ModelRegistry registry) throws IOException {
        Optional<ModelMetadata> promoted = registry.promoted();
        for (ModelMetadata version : registry.list()) {
            registry.load(version.version());
            assertEquals(promoted.map(ModelMetadata::version).filter(version.version()::equals).isPresent(),
                version.status() == ModelStatus.PROMOTED, version.version() + " is marked promoted iff it serves");
        }
        if (Files.isDirectory(registry.root())) {
            try (Stream<Path> files = Files.walk(registry.root())) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(".tmp") || name.endsWith(".tmp")).toList(),
                    "temporary files left in the registry");
            }
        }
    }

    private static Map<String, String> with(Map<String, String> settings, String epochs) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(TrainingSettings.TRAIN_EPOCHS, epochs);
        return all;
    }

    /** {@code <class>/<n>.jpg}: noise, each image its own. */
    private static Path folderDataset(Path root) throws IOException {
        long seed = System.nanoTime();
        for (String label : CLASSES) {
            Path folder = Files.createDirectories(root.resolve(label));
            for (int i = 0; i < PER_CLASS; i++) {
                Files.write(folder.resolve(i + ".jpg"), TestImages.encode(TestImages.noise(seed++, 96, 96), "jpeg"));
            }
        }
        return root;
    }

    /** {@code trapstream labels import --data DIR}, as an operator seeds a new installation. */
    private static void importLabels(Path dataDir, Path dataset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CommandLines.create(new LabelsCommand(), new Invocation(
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                Map.of("TRAPSTREAM_DATA_DIR", dataDir.toString())))
            .execute("import", "--data", dataset.toString());
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
    }
}
