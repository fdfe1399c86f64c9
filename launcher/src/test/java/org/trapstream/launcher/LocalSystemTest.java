package org.trapstream.launcher;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.store.ImageStore;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.config.GeneralSettings.DATA_DIR;
import static org.trapstream.common.config.HttpSettings.HTTP_PORT;
import static org.trapstream.common.config.HttpSettings.METRICS_PORT;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SASL_PASSWORD;
import static org.trapstream.launcher.SystemConfig.DEMO_DATASET;
import static org.trapstream.launcher.SystemConfig.DEMO_RATE;
import static org.trapstream.launcher.SystemConfig.KAFKA_EMBEDDED_PORT;
import static org.trapstream.model.train.TrainingSettings.TRAIN_BATCH_SIZE;
import static org.trapstream.model.train.TrainingSettings.TRAIN_EPOCHS;
import static org.trapstream.model.train.TrainingSettings.TRAIN_IMAGE_SIZE;
import static org.trapstream.testkit.Eventually.eventually;

/** {@code trapstream run} as a user starts it, on free ports and a fresh data directory. */
class LocalSystemTest {

    /** HTTP/1.1 like a camera; the JDK client's default h2c upgrade is not what is under test here. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void withoutADatasetItServesHealthStopsCleanlyAndRestartsOnItsData(@TempDir Path dataDir) throws Exception {
        // A password the plaintext broker never asks for: it must show nowhere all the same.
        TrapstreamConfig config = config(dataDir, DEMO_DATASET, "/nonexistent", KAFKA_SASL_PASSWORD, "sasl-s3cret");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int port;
        try (LocalSystem system = new LocalSystem(config)) {
            system.start(print(out));
            port = system.httpPort();
            HttpResponse<String> health = get(port, "/health");
            assertTrue(health.statusCode() == 200 || health.statusCode() == 503, "status " + health.statusCode());
            String status = new JsonObject(health.body()).getString("status");
            assertTrue(status.equals("UP") || status.equals("DOWN"), health.body());
            assertTrue(system.banner().contains("http://127.0.0.1:" + port + "/health"), system.banner());
            assertTrue(system.banner().contains("Demo camera    off (no images in /nonexistent)"), system.banner());

            Matcher token = Pattern.compile(" {4}labeler +([A-Za-z0-9_-]{22})  \\(for the review page\\)")
                .matcher(system.banner());
            assertTrue(token.find(), "a session token for the review page: " + system.banner());
            assertEquals(system.sessionToken(AccessRole.LABELER).orElseThrow(), token.group(1));
            Matcher viewer = Pattern.compile(" {4}viewer +([A-Za-z0-9_-]{22})").matcher(system.banner());
            assertTrue(viewer.find() && system.banner().contains("    operator ")
                && system.banner().contains("  (uploads as demo-cam-01)"), system.banner());
            String unknownImage = "{\"image_id\":\"" + "0".repeat(64) + "\",\"label\":\"moonrat\"}";
            assertEquals(404, postFeedback(port, token.group(1), unknownImage).statusCode(), "the token is accepted");
            assertEquals(401, postFeedback(port, "not-" + token.group(1), unknownImage).statusCode());
            assertEquals(403, postFeedback(port, viewer.group(1), unknownImage).statusCode(), "a viewer may not label");
            assertFalse(health.body().contains(token.group(1)) || health.body().contains("sasl-s3cret"), health.body());
            assertFalse(system.config().toString().contains(token.group(1)), "only hashes are configured");
            JsonObject apiPaths = new JsonObject(get(port, "/api/v1/openapi.json").body()).getJsonObject("paths");
            assertTrue(apiPaths.containsKey("/api/v1/images") && apiPaths.containsKey("/api/v1/feedback"),
                "one document describes every role the process runs: " + apiPaths.fieldNames());
        }
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("sasl-s3cret"), out.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("There is no model yet"), out.toString());
        assertThrows(ConnectException.class, () -> get(port, "/health"), "the HTTP server is closed");
        assertTrue(Files.exists(dataDir.resolve("kafka").resolve("meta.properties")), "broker log under data.dir");

        try (LocalSystem again = new LocalSystem(config)) {
            again.start(print(new ByteArrayOutputStream()));
            assertEquals(200, get(again.metricsPort(), "/metrics").statusCode(), "a second run starts on the same data");
        }
    }

    @Test
    void aFirstRunWithADatasetTrainsAModelAndTheDemoCameraFeedsThePipeline(@TempDir Path dir) throws Exception {
        Path dataset = dir.resolve("dataset");
        writeDataset(dataset);
        Path dataDir = dir.resolve("data");
        TrapstreamConfig config = config(dataDir, DEMO_DATASET, dataset.toString(), DEMO_RATE, "20",
            TRAIN_EPOCHS, "1", TRAIN_IMAGE_SIZE, "16", TRAIN_BATCH_SIZE, "4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (LocalSystem system = new LocalSystem(config)) {
            system.start(print(out));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("trained and promoted"), out.toString());
            assertTrue(new ModelRegistry(config.modelRegistryDir()).promoted().isPresent(), "a model is promoted");

            ImageStore store = new ImageStore(config.imageStoreDir());
            List<String> cameraImages = new ArrayList<>();
            for (Path image : DemoImages.list(dataset)) {
                cameraImages.add(ImageIds.of(Files.readAllBytes(image)));
            }
            assertEquals(4, cameraImages.size(), "the camera replays the test split only");
            eventually(Duration.ofSeconds(30), () -> assertTrue(cameraImages.stream().allMatch(store::contains),
                "every image the demo camera posted is stored by ingest"));
            String first = cameraImages.get(0);
            eventually(Duration.ofSeconds(60), () -> assertEquals(200,
                statusOf(system.httpPort(), "/api/v1/predictions/" + first,
                    system.sessionToken(AccessRole.VIEWER).orElseThrow()),
                "the classifier's prediction for a camera image can be looked up"));
        }
    }

    /** A configuration on free ports and {@code dataDir}, with more keys and values. */
    private static TrapstreamConfig config(Path dataDir, String... moreKeysAndValues) {
        Map<String, String> values = new HashMap<>(Map.of(DATA_DIR, dataDir.toString(), HTTP_PORT, "0",
            METRICS_PORT, "0", KAFKA_EMBEDDED_PORT, "0"));
        for (int i = 0; i < moreKeysAndValues.length; i += 2) {
            values.put(moreKeysAndValues[i], moreKeysAndValues[i + 1]);
        }
        return TrapstreamConfig.of(SystemConfig.DEFINITION, values);
    }

    /** Two labels a tiny network can tell apart: reddish and bluish noise; 6 training and 2 test images each. */
    private static void writeDataset(Path dataset) throws IOException {
        Random random = new Random(1);
        for (String label : List.of("red", "blue")) {
            for (String split : List.of("train", "test")) {
                Path folder = Files.createDirectories(dataset.resolve(split).resolve(label));
                int count = split.equals("train") ? 6 : 2;
                for (int i = 0; i < count; i++) {
                    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                    for (int x = 0; x < 32; x++) {
                        for (int y = 0; y < 32; y++) {
                            int strong = 150 + random.nextInt(100);
                            int weak = random.nextInt(80);
                            image.setRGB(x, y, label.equals("red")
                                ? new Color(strong, weak, weak).getRGB() : new Color(weak, weak, strong).getRGB());
                        }
                    }
                    ImageIO.write(image, "jpg", folder.resolve(label + "-" + i + ".jpg").toFile());
                }
            }
        }
    }

    private HttpResponse<String> postFeedback(int port, String token, String body)
        throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/feedback"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private int statusOf(int port, String path, String token) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }


    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
