package org.trapstream.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.HttpServerVerticle;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.common.role.RoleContext;
import org.trapstream.image.store.ImageStore;
import org.trapstream.kafka.EmbeddedKafka;
import org.trapstream.testkit.Eventually;
import org.trapstream.testkit.TestImages;

/**
 * A dashboard as the launcher runs it: the real role deployed on Vert.x, served by the real HTTP server, reading
 * and writing the JVM's shared embedded Kafka broker. Tests act through HTTP and Kafka, as users and roles do.
 * Every test makes its own images (fresh ids), so tests sharing the broker never see each other's records.
 */
final class DashboardHarness implements AutoCloseable {

    static final String LABELER = "alice";
    static final String TOKEN = "alice-token-4c1b9e";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final TrapstreamConfig config;
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final ImageStore store;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private DashboardHarness(TrapstreamConfig config, Vertx vertx, PrometheusMeterRegistry registry, int port) {
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.port = port;
        this.store = new ImageStore(config.imageStoreDir());
        this.producer = new KafkaProducer<>(new HashMap<>(KafkaClients.producer(config, "dashboard-test")));
    }

    static DashboardHarness start(Path dataDir) throws TimeoutException {
        TrapstreamConfig config = TrapstreamConfig.of(DashboardConfig.DEFINITION, Map.of(
            KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers(),
            GeneralSettings.DATA_DIR, dataDir.toString(),
            DashboardConfig.LABELER_TOKENS, LABELER + ":" + TOKEN + ",bob:bob-token-77d0"));
        TopicAdmin.ensureTopics(config);
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        RoleContext context = new RoleContext(config, registry);
        new DashboardRole().deploy(vertx, context).await(60, TimeUnit.SECONDS);
        HttpServerVerticle server = new HttpServerVerticle("127.0.0.1", 0, registry, context.health(), context.routes());
        vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        return new DashboardHarness(config, vertx, registry, server.actualPort());
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    PrometheusMeterRegistry registry() {
        return registry;
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

    static String unknownImageId() {
        return ImageIds.of(uniquePng());
    }

    static Prediction prediction(String imageId, List<Prediction.LabelScore> topK, List<String> reviewReasons) {
        return new Prediction(imageId, "cam-north-03", Instant.parse("2024-05-01T06:12:00Z"), "v7", topK.get(0).label(),
            topK.get(0).confidence(), topK, new Prediction.Review(!reviewReasons.isEmpty(), reviewReasons),
            new Prediction.Timings(3.5, 12.0, 40.0, 61.5), Instant.now());
    }

    /** Publishes to partition 0 of the topic, so predictions of one test arrive in the order they were written. */
    void publishPrediction(String topic, Prediction prediction) {
        send(new ProducerRecord<>(topic, 0, prediction.imageId(), prediction.toJson().toBuffer().getBytes()));
    }

    /**
     * Publishes a dead letter to partition 0 of the dead-letter topic: dead letters of one test then arrive in the
     * order they were written, so seeing the last one proves the earlier ones were read.
     */
    void publishDeadLetter(String imageId, RejectReason reason, String detail) {
        ProducerRecord<String, byte[]> record = new DeadLetter(imageId, "cam-north-03", reason, detail, "ingest", "http",
            Instant.now(), ImagePayload.INLINE, new byte[] {1, 2, 3}).toProducerRecord();
        send(new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers()));
    }

    void publishFeedback(Feedback feedback) {
        send(new ProducerRecord<>(Topics.FEEDBACK, feedback.imageId(), feedback.toJson().toBuffer().getBytes()));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the record", e);
        }
    }

    /** Reads the feedback topic from the beginning until a record for the image shows up. */
    Feedback awaitFeedback(String imageId) {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(config, "dashboard-test-" + imageId, "dashboard-test"));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FEEDBACK).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (imageId.equals(record.key())) {
                        return Feedback.fromJson(new JsonObject(Buffer.buffer(record.value())));
                    }
                }
            }
        }
        throw new AssertionError("No feedback for " + imageId + " on " + Topics.FEEDBACK + " within " + PATIENCE);
    }

    // ---- HTTP ----

    HttpResponse<String> get(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postFeedback(String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/feedback"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return exchange(request);
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
    public void close() throws TimeoutException {
        producer.close(Duration.ofSeconds(5));
        vertx.close().await(30, TimeUnit.SECONDS);
    }
}
