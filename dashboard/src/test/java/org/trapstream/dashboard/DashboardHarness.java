package org.trapstream.dashboard;

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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.common.role.RoleHost;
import org.trapstream.image.store.ImageStore;
import org.trapstream.model.cli.ModelsCommand;
import org.trapstream.serving.ImportManifest;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.TinyOnnx;
import org.trapstream.testkit.Eventually;
import org.trapstream.testkit.TestImages;

/**
 * A dashboard as the launcher runs it, through the launcher's {@link RoleHost}: the real role served by the real
 * HTTP server, reading and writing the JVM's shared embedded Kafka broker. Tests act through HTTP and Kafka, as users and roles do.
 * Every test makes its own images (fresh ids), so tests sharing the broker never see each other's records.
 */
final class DashboardHarness implements AutoCloseable {

    /** The labels of the versions the tests import. */
    static final List<String> MODEL_LABELS = List.of("leopard_cat", "malay_civet", "moonrat");

    static final String LABELER = "alice";
    /** alice's, a labeler's. */
    static final String TOKEN = Secrets.generate();
    static final String SECOND_LABELER = "bob";
    static final String SECOND_LABELER_TOKEN = Secrets.generate();
    static final String VIEWER = "victor";
    static final String VIEWER_TOKEN = Secrets.generate();
    static final String OPERATOR = "olga";
    static final String OPERATOR_TOKEN = Secrets.generate();
    /**
     * Hashed once per JVM, with the fewest iterations allowed: a cold check tries every person's hash, which at the
     * production count takes seconds on a busy test machine, longer than a request may.
     */
    private static final String PEOPLE = String.join(",",
        LABELER + ":labeler:" + SecretHash.of(TOKEN, SecretHash.MIN_ITERATIONS).encoded(),
        VIEWER + ":viewer:" + SecretHash.of(VIEWER_TOKEN, SecretHash.MIN_ITERATIONS).encoded(),
        OPERATOR + ":operator:" + SecretHash.of(OPERATOR_TOKEN, SecretHash.MIN_ITERATIONS).encoded(),
        // Last: a check stops at the first match, so the other tokens never pay for this hash.
        SECOND_LABELER + ":labeler:" + SecretHash.of(SECOND_LABELER_TOKEN, SecretHash.MIN_ITERATIONS).encoded());
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final RoleHost host;
    private final ImageStore store;
    private final ModelRegistry models;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardHarness(RoleHost host, TrapstreamConfig config) {
        this.host = host;
        this.store = new ImageStore(config.imageStoreDir());
        this.models = new ModelRegistry(config.modelRegistryDir());
    }

    static DashboardHarness start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** A dashboard with these settings besides the people. */
    static DashboardHarness start(Path dataDir, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(DashboardConfig.PEOPLE, PEOPLE);
        TrapstreamConfig config = TestKafka.config(DashboardConfig.DEFINITION, dataDir, all);
        return new DashboardHarness(RoleHost.start(config, List.of(new DashboardRole())), config);
    }

    int port() {
        return host.httpPort();
    }

    /** The metrics server's port. */
    int metricsPort() {
        return host.metricsPort();
    }

    /** What Prometheus scrapes from the dashboard's metrics port. */
    String scrape() {
        return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort() + "/metrics")).GET())
            .body();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The running roles and their HTTP server, for checks of what it serves. */
    RoleHost host() {
        return host;
    }

    PrometheusMeterRegistry registry() {
        return host.context().registry();
    }

    // ---- images and records ----

    /** A small PNG whose pixels (and so id) no other test produces. */
    static byte[] uniquePng() {
        return TestImages.encode(TestImages.noise(ThreadLocalRandom.current(), 64, 48), "png");
    }

    /** Stores the bytes as ingest would and returns their id. */
    String storeImage(byte[] bytes) {
        String imageId = ImageIds.of(bytes);
        store.put(imageId, bytes);
        return imageId;
    }

    /** Whether the stored image is kept from the store's retention. */
    boolean isKept(String imageId) {
        return store.isKept(imageId);
    }

    static String unknownImageId() {
        return ImageIds.of(uniquePng());
    }

    static Prediction prediction(String imageId, List<Prediction.LabelScore> topK, List<String> reviewReasons) {
        return prediction(imageId, "cam-north-03", topK, reviewReasons);
    }

    static Prediction prediction(String imageId, String cameraId, List<Prediction.LabelScore> topK,
                                 List<String> reviewReasons) {
        return new Prediction(imageId, cameraId, Instant.parse("2024-05-01T06:12:00Z"), "v7", topK.get(0).label(),
            topK.get(0).confidence(), topK, 0.1, false, false,
            new Prediction.Review(!reviewReasons.isEmpty(), reviewReasons),
            new Prediction.Timings(3.5, 12.0, 40.0, 61.5), Instant.now());
    }

    /** Publishes to partition 0 of the topic, so predictions of one test arrive in the order they were written. */
    void publishPrediction(String topic, Prediction prediction) {
        TestKafka.send(new ProducerRecord<>(topic, 0, prediction.imageId(), prediction.toJson().toBuffer().getBytes()));
    }

    /**
     * Publishes an event of {@code camera} whose frames are {@code imageIds}, one second apart from {@code start},
     * labelled moonrat, and waits until the dashboard knows it.
     */
    CaptureEvent publishEvent(String camera, List<String> imageIds, Instant start) {
        List<CaptureEvent.Frame> frames = imageIds.stream()
            .map(id -> new CaptureEvent.Frame(id, start.plusSeconds(imageIds.indexOf(id)))).toList();
        CaptureEvent event = new CaptureEvent(CaptureEvent.idOf(camera, frames.get(0).imageId()), camera, frames,
            "moonrat", 0.8, List.of(new Prediction.LabelScore("moonrat", 0.8), new Prediction.LabelScore("civet", 0.2)),
            null, CaptureEvent.ClosedBy.IDLE);
        TestKafka.send(new ProducerRecord<>(Topics.EVENTS, event.eventId(), event.toJson().toBuffer().getBytes()));
        eventually("event " + event.eventId(), () -> {
            try {
                return Optional.of(get("/api/v1/events/" + event.eventId()))
                    .filter(response -> response.statusCode() == 200);
            } catch (UncheckedIOException e) {
                return Optional.empty(); // a request that timed out on a loaded machine: ask again
            }
        });
        return event;
    }

    /** Publishes the predictions, in this order, to partition 0 of the prediction topic. */
    void publishPredictions(List<Prediction> predictions) {
        TestKafka.send(predictions.stream().map(prediction -> new ProducerRecord<>(Topics.PREDICTIONS, 0,
            prediction.imageId(), prediction.toJson().toBuffer().getBytes())).toList());
    }

    /**
     * Publishes a dead letter to partition 0 of the dead-letter topic: dead letters of one test then arrive in the
     * order they were written, so seeing the last one proves the earlier ones were read.
     */
    void publishDeadLetter(String imageId, RejectReason reason, String detail) {
        publishDeadLetter(imageId, "cam-north-03", reason, detail);
    }

    /** A dead letter of {@code cameraId}'s image, as {@link #publishDeadLetter(String, RejectReason, String)}. */
    void publishDeadLetter(String imageId, String cameraId, RejectReason reason, String detail) {
        ProducerRecord<String, byte[]> record = new DeadLetter(imageId, cameraId, reason, detail, "ingest", "http",
            Instant.now(), ImagePayload.INLINE, new byte[] {1, 2, 3}).toProducerRecord();
        TestKafka.send(new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers()));
    }

    /** The camera as {@code GET /api/v1/cameras} lists it now, to a viewer, if it lists it. */
    Optional<JsonObject> camera(String cameraId) {
        HttpResponse<String> response = get("/api/v1/cameras");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/v1/cameras answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body()).getJsonArray("cameras").stream().map(JsonObject.class::cast)
            .filter(camera -> camera.getString("camera_id").equals(cameraId)).findFirst();
    }

    /** The camera once the dashboard has read {@code images} predictions and {@code deadLetters} dead letters of it. */
    JsonObject awaitCamera(String cameraId, long images, long deadLetters) {
        return eventually(cameraId + " with " + images + " images and " + deadLetters + " dead letters",
            () -> camera(cameraId).filter(camera -> camera.getLong("images") == images
                && camera.getLong("dead_letters") == deadLetters));
    }

    /** A camera id no other test uses: every test class reads the shared broker's topics from the beginning. */
    static String freshCamera(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void publishFeedback(Feedback feedback) {
        TestKafka.send(new ProducerRecord<>(Topics.FEEDBACK, feedback.imageId(), feedback.toJson().toBuffer().getBytes()));
    }

    /** Reads the feedback topic from the beginning until a record for the image shows up. */
    Feedback awaitFeedback(String imageId) {
        return Feedback.fromJson(new JsonObject(Buffer.buffer(TestKafka.awaitKey(Topics.FEEDBACK, imageId).value())));
    }

    // ---- the model registry ----

    /** The registry the dashboard serves, as the trainer and the {@code models} command see it. */
    ModelRegistry models() {
        return models;
    }

    /**
     * Imports a small, real ONNX network as the next version, with a gain no other test draws, so its checksum
     * (and so its announcements on the shared broker) is this test's alone.
     */
    ModelMetadata importModel(Path workDir) {
        try {
            return models.importNetwork(tinyNetwork(workDir),
                ImportManifest.draft(TinyOnnx.manifest(MODEL_LABELS, 32)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #importModel}, calibrated by {@code trapstream models import --calibrate-on} on a labelled folder
     * whose colours often stray into their neighbours': the version's metrics list its most confident mistakes, and their
     * grid is beside it.
     */
    ModelMetadata importCalibratedModel(Path workDir) {
        try {
            Path onnx = tinyNetwork(workDir);
            Path manifest = Files.writeString(onnx.resolveSibling(onnx.getFileName() + ".json"),
                TinyOnnx.manifest(MODEL_LABELS, 32).encode());
            Path labelled = TinyOnnx.labelledFolder(Files.createTempDirectory(workDir, "labelled-"), MODEL_LABELS,
                MODEL_LABELS, 20, 0.9);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = CommandLines.create(new ModelsCommand(), new Invocation(new PrintStream(out, true,
                    StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()))
                .execute("import", "--onnx", onnx.toString(), "--manifest", manifest.toString(),
                    "--calibrate-on", labelled.toString(), "--model-dir", models.root().toString());
            if (exit != 0) {
                throw new IllegalStateException("models import exited " + exit + ": "
                    + err.toString(StandardCharsets.UTF_8));
            }
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            return models.metadata(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tiny ONNX colour classifier, with a gain no other test draws. */
    private static Path tinyNetwork(Path workDir) throws IOException {
        float gain = 2 + ThreadLocalRandom.current().nextFloat() * 6;
        Path onnx = Files.createTempFile(workDir, "tiny-", ".onnx");
        return Files.write(onnx, TinyOnnx.colourClassifier(MODEL_LABELS.size(), 32, gain));
    }

    /**
     * Reads {@code camtrap.models} from its beginning until {@code count} announcements of exactly these bytes are
     * there; returns the last.
     */
    static ModelAnnouncement awaitAnnouncement(ModelMetadata model, int count) {
        List<ConsumerRecord<String, byte[]>> found = TestKafka.await(Topics.MODELS,
            record -> announcement(record).filter(a -> model.sha256().equals(a.sha256())).isPresent(), count);
        ConsumerRecord<String, byte[]> last = found.get(found.size() - 1);
        ModelAnnouncement announcement = announcement(last).orElseThrow();
        // Keyed by model name: the compacted topic keeps each model's latest promotion.
        if (!announcement.modelName().equals(last.key())) {
            throw new AssertionError("announcement keyed " + last.key() + ", not its model " + announcement.modelName());
        }
        return announcement;
    }

    private static Optional<ModelAnnouncement> announcement(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(ModelAnnouncement.fromJson(new JsonObject(Buffer.buffer(record.value()))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Reads the feedback topic from the beginning until {@code count} records for the image show up. */
    static List<Feedback> awaitFeedback(String imageId, int count) {
        return TestKafka.await(Topics.FEEDBACK, record -> imageId.equals(record.key()), count).stream()
            .map(record -> Feedback.fromJson(new JsonObject(Buffer.buffer(record.value())))).toList();
    }

    // ---- HTTP ----

    /** A GET as a viewer. */
    HttpResponse<String> get(String path) {
        return get(path, VIEWER_TOKEN);
    }

    /** A GET with {@code token}, or with no credential when it is null. */
    HttpResponse<String> get(String path, String token) {
        return exchange(authorized(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET(), token));
    }

    HttpResponse<byte[]> getBytes(String path) {
        return getBytes(path, VIEWER_TOKEN);
    }

    HttpResponse<byte[]> getBytes(String path, String token) {
        try {
            return http.send(authorized(HttpRequest.newBuilder(URI.create(baseUrl() + path)), token)
                    .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST without a body, with {@code token} (none when null). */
    HttpResponse<String> post(String path, String token) {
        return exchange(authorized(HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.noBody()), token));
    }

    HttpResponse<String> postFeedback(String token, String body) {
        return post("/api/v1/feedback", token, body);
    }

    /** A POST with {@code token} (none when null) and {@code body} as JSON (no body when null). */
    HttpResponse<String> post(String path, String token, String body) {
        if (body == null) {
            return post(path, token);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        return exchange(authorized(request, token));
    }

    /** Any request: {@code body} as JSON when not null, {@code headers} as name, value, name, value... */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return exchange(request);
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    static String feedbackBody(String imageId, String label) {
        return new JsonObject().put("image_id", imageId).put("label", label).encode();
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the supplier yields a value (the consumer catches up asynchronously), or fails the test. */
    static <T> T eventually(String what, Supplier<Optional<T>> probe) {
        return Eventually.eventually(PATIENCE,
            () -> probe.get().orElseThrow(() -> new AssertionError("waiting for " + what)));
    }

    @Override
    public void close() {
        host.close();
    }
}
