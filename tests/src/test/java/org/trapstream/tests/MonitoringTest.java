package org.trapstream.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.launcher.LocalSystem;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.model.cli.TrainCommand;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.testkit.PrometheusServer;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * The whole system under a real Prometheus, as an operator runs it: every role in one process on the shared
 * broker with a trained model, a little traffic (photos, a bad upload, a label), Prometheus scraping the metrics
 * port every second with the alert rules loaded. Every alert rule loads and evaluates cleanly, and every query of
 * the Grafana dashboard, with its variables at "All", returns data, apart from the few listed with the reason
 * their series cannot exist yet.
 */
class MonitoringTest {

    private static final Path DASHBOARD_MODULE = Path.of("..", "dashboard");
    private static final Path ALERTS = DASHBOARD_MODULE.resolve("prometheus/alerts.yml");
    private static final Path GRAFANA = DASHBOARD_MODULE.resolve("grafana/trapstream-dashboard.json");
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String CAMERA = "monitoring-cam";
    private static final int PHOTOS = 12;
    /** Queries whose series appear only after an event this test does not cause, with that event. */
    private static final Map<String, String> WITHOUT_DATA_YET = Map.of(
        "camtrap_classifier_dead_letters_total", "registered when the classifier first dead-letters an image",
        "camtrap_classifier_announcements_refused_total", "registered when the classifier first refuses an announcement",
        "camtrap_trainer_runs_total{outcome=\"promoted\"", "the model was promoted before Prometheus started");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path prometheusDir;
    private static final String GATEWAY_TOKEN = Secrets.generate();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalSystem system;
    private static PrometheusServer prometheus;
    private static List<String> labels;

    @BeforeAll
    static void startSystemUnderPrometheus() throws Exception {
        assumeTrue(PrometheusServer.installed(), PrometheusServer.MISSING);
        Path bees = SharedDatasets.require(SharedDatasets.HONEYBEE);
        int exit = CommandLines.create(new TrainCommand(), new Invocation(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err,
                Map.of("TRAPSTREAM_DATA_DIR", dataDir.toString())))
            .execute("--data", bees.toString(), "--epochs", "1", "--image-size", "32", "--limit-per-class", "10",
                "--promote");
        assertEquals(0, exit, "training the model the classifier serves");
        system = new LocalSystem(TestKafka.config(SystemConfig.DEFINITION, dataDir, Map.of(SystemConfig.DEMO_RATE, "0",
            IngestConfig.INGEST_DEVICES,
            "gateway:test-gateway:*:" + SecretHash.of(GATEWAY_TOKEN, SecretHash.MIN_ITERATIONS).encoded())));
        system.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        labels = new ModelRegistry(system.config().modelRegistryDir()).promoted().orElseThrow().labels();
        prometheus = PrometheusServer.start(prometheusDir, List.of(ALERTS), "trapstream",
            List.of("127.0.0.1:" + system.metricsPort()));

        List<String> imageIds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bees.resolve("test"))) {
            for (Path photo : files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(PHOTOS).toList()) {
                HttpResponse<String> answer = post("/api/v1/images", Files.readAllBytes(photo), GATEWAY_TOKEN);
                assertEquals(202, answer.statusCode(), answer.body());
                imageIds.add(new JsonObject(answer.body()).getString("image_id"));
            }
        }
        assertEquals(400, post("/api/v1/images", new byte[0], GATEWAY_TOKEN).statusCode(), "an empty upload");
        String label = new JsonObject().put("image_id", imageIds.get(0)).put("label", labels.get(0)).encode();
        HttpResponse<String> labelled = post("/api/v1/feedback", label.getBytes(StandardCharsets.UTF_8),
            system.sessionToken(AccessRole.LABELER).orElseThrow());
        assertEquals(202, labelled.statusCode(), labelled.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void everyAlertRuleLoadsAndEvaluatesCleanlyAgainstTheRunningRoles() {
        eventually(PATIENCE, () -> {
            List<JsonObject> rules = prometheus.rules();
            assertTrue(rules.size() >= 12, "rules loaded: " + rules.size());
            rules.forEach(rule -> assertEquals("ok", rule.getString("health"), rule.encode()));
        });
    }

    @Test
    void everyDashboardQueryReturnsDataFromTheRunningRoles() throws IOException {
        JsonObject grafana = new JsonObject(Files.readString(GRAFANA));
        List<String> queries = new ArrayList<>();
        grafana.getJsonArray("panels").stream().map(JsonObject.class::cast)
            .filter(panel -> panel.containsKey("targets"))
            .forEach(panel -> panel.getJsonArray("targets").forEach(t -> queries.add(((JsonObject) t).getString("expr"))));
        grafana.getJsonObject("annotations").getJsonArray("list").stream().map(JsonObject.class::cast)
            .filter(annotation -> annotation.containsKey("expr")).forEach(a -> queries.add(a.getString("expr")));
        assertTrue(queries.size() > 30, "queries found: " + queries.size());
        for (String query : queries) {
            String promql = query.replace("$__rate_interval", "1m").replace("$__range", "5m")
                .replace("$job", "trapstream").replace("$namespace", ".*").replace("$instance", ".*");
            boolean exempt = WITHOUT_DATA_YET.keySet().stream().anyMatch(query::contains);
            eventually(PATIENCE, () -> {
                JsonObject answer = prometheus.query(promql);
                assertEquals("success", answer.getString("status"), promql + " -> " + answer.encode());
                JsonArray result = answer.getJsonObject("data").getJsonArray("result");
                if (!exempt) {
                    assertTrue(!result.isEmpty(), "no data for " + promql);
                }
            });
        }
    }

    private static HttpResponse<String> post(String path, byte[] body, String token) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.httpPort() + path))
                .header("X-Camera-Id", CAMERA)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", path.endsWith("images") ? "image/jpeg" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
