package org.trapstream.classifier;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.model.cli.ModelsCommand;
import org.trapstream.model.cli.PredictCommand;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.TinyOnnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ONNX network imported and promoted from the command line is served by the running classifier, with the
 * same answers an offline {@code predict} gives; networks that do not fit are refused with a reason, and the
 * version that served keeps serving.
 */
class ImportedModelTest extends BrokerTest {

    private static final List<String> LABELS = List.of("moonrat", "leopard_cat", "civet", "empty");
    private static final int SIZE = 32;
    private static final int IMAGES = 12;

    @Test
    void servesAnImportedOnnxVersionPromotedFromTheCommandLine(@TempDir Path dataDir) throws Exception {
        Setup setup = newSetup("imported", dataDir, Map.of());
        TrapstreamConfig config = setup.config();
        ModelRegistry registry = setup.registry();
        ModelMetadata trained = promoteNewModel(registry, 5);
        Path onnx = write(dataDir.resolve("colours.onnx"), TinyOnnx.colourClassifier(LABELS.size(), SIZE, 8f));

        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            assertRefused(config, dataDir, "corrupt.onnx", Arrays.copyOf(Files.readAllBytes(onnx), 200),
                TinyOnnx.manifest(LABELS, SIZE).encode(), "cannot load the network");
            assertRefused(config, dataDir, "three-labels.onnx", Files.readAllBytes(onnx),
                TinyOnnx.manifest(LABELS.subList(0, 3), SIZE).encode(), "has 4 outputs but the metadata lists 3 labels");
            assertRefused(config, dataDir, "wrong-size.onnx", Files.readAllBytes(onnx),
                TinyOnnx.manifest(LABELS, 2 * SIZE).encode(), "rejects input [1, 3, 64, 64]");
            assertEquals(List.of(trained.version()), registry.list().stream().map(ModelMetadata::version).toList(),
                "nothing refused was added");

            Command imported = command(config, "models", "import", "--onnx", onnx.toString(),
                "--manifest", write(dataDir.resolve("colours.json"), TinyOnnx.manifest(LABELS, SIZE).encode()).toString());
            assertEquals(0, imported.exit(), imported.err());
            String version = imported.lastLine();
            Command promoted = command(config, "models", "promote", version);
            assertEquals(0, promoted.exit(), promoted.err());
            assertTrue(promoted.out().contains("announced " + version), promoted.out());
            classifier.awaitServing(version);

            List<byte[]> images = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                images.add(ImageRecords.jpegBytes(7_000 + i));
                records.add(ImageRecords.of(images.get(i), "jpeg", 64, 48));
            }
            TestKafka.send(records);
            Map<String, Prediction> served = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : TestKafka.await(Topics.PREDICTIONS,
                    r -> records.stream().anyMatch(sent -> sent.key().equals(r.key())), IMAGES)) {
                Prediction prediction = Prediction.fromJson(new JsonObject(new String(record.value(), StandardCharsets.UTF_8)));
                served.put(prediction.imageId(), prediction);
            }
            assertEquals(IMAGES, served.size(), "every image has its prediction");

            List<String> files = new ArrayList<>(List.of("predict", "--model-dir", registry.versionDir(version).toString()));
            for (int i = 0; i < IMAGES; i++) {
                files.add(write(dataDir.resolve("image-" + i + ".jpg"), images.get(i)).toString());
            }
            Command offline = command(config, files.toArray(String[]::new));
            assertEquals(0, offline.exit(), offline.err());
            Set<String> labelsSeen = new HashSet<>();
            for (String line : offline.out().strip().split("\n")) {
                JsonObject answer = new JsonObject(line);
                Prediction streamed = served.get(answer.getString("image_id"));
                assertEquals(version, streamed.modelVersion(), "the imported version served it");
                assertEquals(answer.getString("label"), streamed.label());
                assertEquals(answer.getDouble("confidence"), streamed.confidence(), 1e-6);
                assertNull(answer.getValue("ood_score"), "imported without --calibrate-on: no OOD detector");
                assertTrue(Double.isNaN(streamed.oodScore()));
                assertFalse(answer.getBoolean("out_of_distribution"));
                assertFalse(streamed.outOfDistribution());
                labelsSeen.add(streamed.label());
            }
            assertTrue(labelsSeen.size() > 1, "the network looks at the pictures: " + labelsSeen);
            assertEquals("onnxruntime", classifier.health().getString("engine"));
            String scrape = classifier.registry().scrape();
            assertTrue(scrape.contains("engine=\"onnxruntime\"}"), "camtrap_classifier_backend_info names the "
                + "engine: " + scrape.lines().filter(line -> line.contains("backend_info")).toList());
        }
    }

    private static void assertRefused(TrapstreamConfig config, Path dir, String name, byte[] network,
                                      String manifest, String reason) throws Exception {
        Command refused = command(config, "models", "import", "--onnx", write(dir.resolve(name), network).toString(),
            "--manifest", write(dir.resolve(name + ".json"), manifest).toString());
        assertEquals(1, refused.exit(), name + " is refused");
        assertTrue(refused.err().contains(reason), name + ": " + refused.err());
    }

    /** What a command printed and how it exited. */
    private record Command(int exit, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** Runs a model command as {@code trapstream} would, on the test's data dir and broker, capturing its output. */
    private static Command command(TrapstreamConfig config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(
            "TRAPSTREAM_DATA_DIR", config.dataDir().toString(),
            "TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS", config.getString(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS));
        Invocation invocation = new Invocation(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env);
        Object command = "models".equals(args[0]) ? new ModelsCommand() : new PredictCommand();
        int exit = CommandLines.create(command, invocation).execute(Arrays.copyOfRange(args, 1, args.length));
        return new Command(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path write(Path file, byte[] bytes) throws Exception {
        return Files.write(file, bytes);
    }

    private static Path write(Path file, String text) throws Exception {
        return Files.writeString(file, text);
    }
}
