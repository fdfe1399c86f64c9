package org.trapstream.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.launcher.LocalSystem;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.model.cli.ModelsCommand;
import org.trapstream.model.cli.TrainCommand;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * The whole stream in one JVM, as {@code trapstream run} starts it: embedded broker, all four roles, one
 * HTTP server. 50 real bee photos go in, half over HTTP and half onto {@code camtrap.images.raw}, plus an
 * empty body and a text file; every photo must come out with exactly one prediction and each bad input
 * with a dead letter that says why. Nothing else may appear or go missing.
 */
class EndToEndTest {

    private static final int IMAGES = 50;
    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static final String HTTP_CAMERA = "e2e-cam-http";
    private static final String KAFKA_CAMERA = "e2e-cam-kafka";
    private static final String ROLLBACK_CAMERA = "e2e-cam-rollback";

    @TempDir
    static Path dataDir;

    private static final String GATEWAY_TOKEN = Secrets.generate();
    private static LocalSystem system;
    private static TrapstreamConfig config;
    private static List<String> labels;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startSystemWithATrainedModel() {
        Path bees = bees();
        // On the JVM's shared broker, as against a cluster: the test can then read the roles' offsets through the
        // Kafka test kit. LocalSystemTest covers the broker that `trapstream run` starts itself.
        // The test's cameras upload through one gateway for every camera; people get the tokens `run` makes.
        TrapstreamConfig base = TestKafka.config(SystemConfig.DEFINITION, dataDir, Map.of(SystemConfig.DEMO_RATE, "0",
            IngestConfig.INGEST_DEVICES, "gateway:test-gateway:*:" + SecretHash.of(GATEWAY_TOKEN, SecretHash.MIN_ITERATIONS).encoded()));
        trapstream(new TrainCommand(), Map.of("TRAPSTREAM_DATA_DIR", dataDir.toString()), "--data", bees.toString(),
            "--epochs", "1", "--image-size", "32", "--limit-per-class", "20", "--promote");
        labels = new ModelRegistry(base.modelRegistryDir()).promoted().orElseThrow().labels();

        system = new LocalSystem(base);
        system.start(System.out);
        config = system.config();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void everyImageGetsOnePredictionAndEveryBadInputADeadLetter() throws Exception {
        List<Path> photos = testPhotos(IMAGES);
        Set<String> expectedIds = new HashSet<>();
        for (Path photo : photos) {
            expectedIds.add(ImageIds.of(Files.readAllBytes(photo)));
        }
        assertEquals(IMAGES, expectedIds.size(), "the test photos must be distinct");

        List<Path> overHttp = photos.subList(0, IMAGES / 2);
        List<Path> overKafka = photos.subList(IMAGES / 2, IMAGES);
        for (Path photo : overHttp) {
            HttpResponse<String> answer = postImage(Files.readAllBytes(photo), HTTP_CAMERA);
            assertEquals(202, answer.statusCode(), answer.body());
            assertEquals(ImageIds.of(Files.readAllBytes(photo)), new JsonObject(answer.body()).getString("image_id"));
        }
        HttpResponse<String> empty = postImage(new byte[0], HTTP_CAMERA);
        assertEquals(400, empty.statusCode());
        assertEquals("empty", new JsonObject(empty.body()).getString(Problem.CODE));

        byte[] text = "this is a field note, not a photo\n".getBytes(StandardCharsets.UTF_8);
        for (Path photo : overKafka) {
            TestKafka.send(rawImage(Files.readAllBytes(photo)));
        }
        TestKafka.send(rawImage(text));

        Outcomes outcomes = collect(expectedIds, 2);

        assertEquals(expectedIds, outcomes.predictions.keySet(), "every photo has a prediction");
        outcomes.predictions.forEach((id, list) -> {
            assertEquals(1, list.size(), "exactly one prediction for " + id);
            Prediction p = list.get(0);
            assertTrue(labels.contains(p.label()), p.label() + " is one of the model's labels");
            assertTrue(p.confidence() >= 0 && p.confidence() <= 1, "confidence in [0, 1]");
            p.topK().forEach(s -> {
                assertTrue(labels.contains(s.label()));
                assertTrue(s.confidence() >= 0 && s.confidence() <= 1);
            });
            assertEquals(p.label(), p.topK().get(0).label(), "top-1 leads the top-k list");
        });

        Map<String, String> reasons = new HashMap<>();
        outcomes.deadLetters.forEach(d -> reasons.put(d.imageId(), d.reason().code()));
        assertEquals(Map.of(ImageIds.of(new byte[0]), "empty", ImageIds.of(text), "unsupported_format"), reasons,
            "one dead letter per bad input, with its reason");

        String someId = ImageIds.of(Files.readAllBytes(overHttp.get(0)));
        JsonObject lookup = new JsonObject(get("/api/v1/predictions/" + someId).body());
        assertEquals("classified", lookup.getString("status"));
        JsonObject rejected = new JsonObject(get("/api/v1/predictions/" + ImageIds.of(text)).body());
        assertEquals("rejected", rejected.getString("status"));
        assertEquals("unsupported_format", rejected.getString("reason"));
    }

    /**
     * An operator promotes another version from the command line (a rollback is the same command with an older
     * version): the announcement reaches the running classifier, which swaps without stopping, and the next
     * photo is classified by the promoted version.
     */
    @Test
    void aVersionPromotedFromTheCommandLineServesTheNextImage() throws Exception {
        Map<String, String> env = Map.of("TRAPSTREAM_DATA_DIR", dataDir.toString(),
            "TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS", config.getString(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS));
        String lines = trapstream(new TrainCommand(), env, "--data", bees().toString(), "--epochs", "1",
            "--image-size", "24", "--limit-per-class", "10").strip();
        String version = lines.substring(lines.lastIndexOf('\n') + 1).strip();

        String said = trapstream(new ModelsCommand(), env, "promote", version);
        assertTrue(said.contains("announced " + version), said);

        Path photo = testPhotos(IMAGES + 1).get(IMAGES);
        byte[] bytes = Files.readAllBytes(photo);
        AtomicInteger attempts = new AtomicInteger();
        eventually(DEADLINE, () -> {
            // Until the swap lands a photo may still meet the old version; each retry sends new bytes (padding
            // after the JPEG's end marker), so ingest does not take it for a duplicate.
            byte[] variant = Arrays.copyOf(bytes, bytes.length + attempts.incrementAndGet());
            assertEquals(202, postImage(variant, ROLLBACK_CAMERA).statusCode());
            assertEquals(version, awaitPrediction(ImageIds.of(variant)).modelVersion(),
                "the promoted version classifies new images");
        });
    }

    /** Runs a command as {@code trapstream} would, with this environment; it must succeed. Returns its stdout. */
    private static String trapstream(Object command, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CommandLines.create(command, new Invocation(new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err, env)).execute(args);
        assertEquals(0, exit, String.join(" ", args));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Prediction awaitPrediction(String id) {
        HttpResponse<String> answer = eventually(DEADLINE, () -> {
            HttpResponse<String> response = get("/api/v1/predictions/" + id);
            assertEquals(200, response.statusCode(), "no prediction for " + id + " yet");
            return response;
        });
        return Prediction.fromJson(new JsonObject(answer.body()));
    }

    private static Path bees() {
        return SharedDatasets.require(SharedDatasets.HONEYBEE);
    }

    private record Outcomes(Map<String, List<Prediction>> predictions, List<DeadLetter> deadLetters) {}

    /**
     * Waits until every id has its prediction and the expected dead letters are there, then until ingest and the
     * classifier have committed their input topics to the end: everything they will produce for what was sent is
     * acknowledged then, so the output topics read to their ends show every duplicate or stray there is.
     */
    private static Outcomes collect(Set<String> ids, int deadLetterCount) {
        TestKafka.awaitUntil(Topics.PREDICTIONS, r -> ids.contains(r.key()), found -> assertEquals(ids,
            found.stream().map(ConsumerRecord::key).collect(Collectors.toSet()), "images predicted so far"));
        TestKafka.await(Topics.IMAGES_REJECTED, r -> ours(DeadLetter.fromKafka(r.headers(), r.value()).cameraId()),
            deadLetterCount);
        TestKafka.awaitCommittedToEnd(config.getString(IngestConfig.INGEST_GROUP_ID), Topics.IMAGES_RAW);
        TestKafka.awaitCommittedToEnd(config.getString(ClassifierConfig.CLASSIFIER_GROUP_ID), Topics.IMAGES);

        Map<String, List<Prediction>> predictions = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TestKafka.readToEnd(Topics.PREDICTIONS, r -> true)) {
            Prediction p = Prediction.fromJson(new JsonObject(new String(r.value(), StandardCharsets.UTF_8)));
            if (ours(p.cameraId())) {
                predictions.computeIfAbsent(p.imageId(), k -> new ArrayList<>()).add(p);
            }
        }
        List<DeadLetter> deadLetters = TestKafka.readToEnd(Topics.IMAGES_REJECTED, r -> true).stream()
            .map(r -> DeadLetter.fromKafka(r.headers(), r.value())).filter(d -> ours(d.cameraId())).toList();
        return new Outcomes(predictions, deadLetters);
    }

    /** Other test classes in this JVM share the broker and its topics: this test's records are its cameras'. */
    private static boolean ours(String cameraId) {
        return HTTP_CAMERA.equals(cameraId) || KAFKA_CAMERA.equals(cameraId);
    }

    private static ProducerRecord<String, byte[]> rawImage(byte[] bytes) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IMAGES_RAW, bytes);
        record.headers().add(ImageHeaders.CAMERA_ID, KAFKA_CAMERA.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static HttpResponse<String> postImage(byte[] bytes, String camera) {
        return send(HttpRequest.newBuilder(uri("/api/v1/images"))
            .header("X-Camera-Id", camera)
            .header("Authorization", "Bearer " + GATEWAY_TOKEN)
            .header("Content-Type", "image/jpeg")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build());
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + system.sessionToken(AccessRole.VIEWER).orElseThrow()).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + system.httpPort() + path);
    }

    /** Photos from the bee test split, spread over its classes, in a stable order. */
    private static List<Path> testPhotos(int count) throws IOException {
        Path test = bees().resolve("test");
        try (Stream<Path> files = Files.walk(test)) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList().stream()
                .filter(new EveryNth(7)).limit(count).toList();
        }
    }

    /** Keeps every n-th element of a stream, so the sample spans the sorted class folders. */
    private static final class EveryNth implements java.util.function.Predicate<Path> {
        private final int n;
        private int seen;

        EveryNth(int n) {
            this.n = n;
        }

        @Override
        public boolean test(Path path) {
            return seen++ % n == 0;
        }
    }
}
