package org.trapstream.model.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.model.tune.TuneReport;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelStatus;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune} as a user runs it: a quick real search on a slice of the honeybee set (3 trials at 16 px, 15
 * images per class, one epoch in the first rung) with the best configuration trained into a registry, then its
 * table, CSV, best configuration and saved model checked against each other.
 */
class TuneCommandTest {

    /** Without augmentation and with 1 configured epoch, so the run stays quick on a busy machine. */
    private static final Map<String, String> ENV = Map.of(
        "TRAPSTREAM_TRAINER_AUGMENT", "false", "TRAPSTREAM_TRAINER_EPOCHS", "1");

    @Test
    void aQuickSearchWritesATableACsvAndTheBestConfiguration(@TempDir Path work) throws IOException {
        Path dataset = SharedDatasets.require(SharedDatasets.HONEYBEE);
        Path out = work.resolve("tune");

        CommandRun tune = run(new TuneCommand(), "--data", dataset.toString(), "--out", out.toString(), "--trials", "3", "--image-size", "16",
            "--limit-per-class", "15", "--min-epochs", "1", "--budget", "10m", "--seed", "7",
            "--train-best", "--model-dir", work.resolve("models").toString());

        assertEquals(0, tune.exitCode(), tune.stderr());
        List<String[]> csv = Files.readAllLines(out.resolve(TuneReport.RESULTS_FILE)).stream()
            .skip(1).map(line -> line.split(",", -1)).toList();
        assertEquals(List.of("0", "0", "0", "1"), csv.stream().map(row -> row[1]).toList(), "3 trials, then 1");
        assertEquals(List.of("1", "1", "1", "3"), csv.stream().map(row -> row[2]).toList(), "epochs grow by eta");
        assertEquals(List.of("final", "promoted", "stopped", "stopped"),
            csv.stream().map(row -> row[11]).sorted().toList());
        String promoted = csv.stream().filter(row -> row[11].equals("promoted")).findFirst().orElseThrow()[0];
        assertEquals(promoted, csv.get(3)[0], "the promoted trial is the one trained on");

        double maxF1 = csv.stream().mapToDouble(row -> Double.parseDouble(row[8])).max().orElseThrow();
        JsonObject best = new JsonObject(Files.readString(out.resolve(TuneReport.BEST_FILE)));
        assertEquals(maxF1, best.getDouble("val_macro_f1"), 1e-6, "best = max macro-F1 of the finished runs");
        String trialAndEpochs = best.getInteger("trial") + "," + best.getInteger("epochs");
        String[] bestRow = csv.stream().filter(row -> (row[0] + "," + row[2]).equals(trialAndEpochs))
            .findFirst().orElseThrow();
        assertEquals(Double.parseDouble(bestRow[8]), best.getDouble("val_macro_f1"), 1e-6);
        assertEquals(Double.parseDouble(bestRow[3]), best.getDouble("learning_rate"));
        assertEquals(Integer.parseInt(bestRow[5]), best.getJsonObject("architecture").getInteger("conv_blocks"));
        assertEquals(Integer.parseInt(bestRow[6]), best.getJsonObject("architecture").getInteger("base_filters"));
        assertEquals(16, best.getJsonObject("search").getInteger("image_size"));
        for (String[] row : csv) {
            double f1 = Double.parseDouble(row[8]);
            double accuracy = Double.parseDouble(row[9]);
            assertTrue(f1 >= 0 && f1 <= 1 && accuracy >= 0 && accuracy <= 1, String.join(",", row));
        }

        List<String> lines = tune.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("TRIAL"), tune.stdout());
        assertEquals(1 + csv.size() + 1, lines.size(), "header, one line per row, the JSON: " + tune.stdout());
        assertEquals(best, new JsonObject(lines.get(lines.size() - 1)), "the last line is the best configuration");

        ModelRegistry registry = new ModelRegistry(work.resolve("models"));
        ModelMetadata trained = registry.metadata(best.getString("model_version"));
        assertEquals(ModelStatus.CANDIDATE, trained.status(), "--train-best never promotes");
        assertTrue(registry.promoted().isEmpty());
        assertEquals(best.getJsonObject("architecture").getInteger("conv_blocks"),
            trained.architecture().getInteger("conv_blocks"), "trained with the best configuration");
        assertEquals(16, trained.inputSize());
        JsonObject training = trained.architecture().getJsonObject("training");
        assertEquals(Math.max(1, best.getInteger("epochs")), training.getInteger("epochs"),
            "as long as the search trained it, or the 1 configured epoch");
        assertEquals(best.getDouble("learning_rate"), training.getDouble("learning_rate"));
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path work) {
        assertEquals(2, run(new TuneCommand(), "--budget", "10m").exitCode(), "no --data");
        assertEquals(2, run(new TuneCommand(), "--data", work.toString(), "--eta", "1").exitCode(), "eta below 2");
        assertEquals(2, run(new TuneCommand(), "--data", work.toString(), "--budget", "soon").exitCode(), "no unit");
        assertEquals(2, run(new TuneCommand(), "--data", work.toString(), "--trials", "0").exitCode());
        assertEquals(2, run(new TuneCommand(), "--data", work.toString(), "--bogus", "1").exitCode());
    }

    @Test
    void aTrainFolderWithoutATestFolderFailsTuneAsItFailsTrain(@TempDir Path work) throws IOException {
        Path bees = Files.createDirectories(work.resolve("train").resolve("bee"));
        Files.write(bees.resolve("1.jpg"), new byte[] {1});
        String data = work.toString();

        CommandRun tune = run(new TuneCommand(), "--data", data);
        CommandRun train = run(new TrainCommand(), "--data", data);

        assertEquals(1, tune.exitCode());
        assertEquals("error: " + work + " has a train/ folder but no test/ folder beside it", tune.stderr().strip());
        assertEquals(tune, train, "one layout rule, one message");
    }

    private static CommandRun run(Object command, String... args) {
        return CommandRun.of(command, ENV, args);
    }
}
