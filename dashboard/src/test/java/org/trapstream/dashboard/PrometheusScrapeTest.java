package org.trapstream.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.feedbackBody;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;

/**
 * A real Prometheus scrapes the dashboard's {@code /metrics} every second with Trapstream's alert rules loaded:
 * posted feedback shows up as {@code camtrap_dashboard_feedback_total}, every Grafana panel query is valid
 * PromQL, and every alert rule evaluates without error.
 */
class PrometheusScrapeTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path prometheusDir;
    static DashboardHarness dashboard;
    static Process prometheus;
    static String prometheusUrl;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS),
            "Skipped: /usr/bin/prometheus is absent (apt-get install -y --no-install-recommends prometheus)");
        dashboard = DashboardHarness.start(dataDir);
        Path config = prometheusDir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + Path.of("prometheus/alerts.yml").toAbsolutePath(),
            "scrape_configs:",
            "  - job_name: trapstream-dashboard",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + dashboard.port() + "']",
            ""));
        int port = freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(PROMETHEUS.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + prometheusDir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(prometheusDir.resolve("prometheus.log").toFile())
            .start();
        eventually("Prometheus to be ready", () -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? Optional.of(true) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static JsonObject prometheusApi(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject query(String promql) {
        return prometheusApi("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    @Test
    void postedFeedbackReachesPrometheus() {
        String imageId = dashboard.storeImage(uniquePng());
        assertEquals(202, dashboard.postFeedback(TOKEN, feedbackBody(imageId, "moonrat")).statusCode());

        JsonArray result = eventually("camtrap_dashboard_feedback_total in Prometheus", () -> {
            JsonArray series = query("camtrap_dashboard_feedback_total{outcome=\"accepted\"}")
                .getJsonObject("data").getJsonArray("result");
            return series.isEmpty() || Double.parseDouble(series.getJsonObject(0).getJsonArray("value").getString(1)) < 1
                ? Optional.empty() : Optional.of(series);
        });
        assertEquals("trapstream-dashboard", result.getJsonObject(0).getJsonObject("metric").getString("job"));
    }

    @Test
    void theDashboardsOwnKafkaConsumerReportsItsLag() {
        JsonArray series = eventually("kafka_consumer_fetch_manager_records_lag_max in Prometheus", () -> {
            JsonArray found = query("kafka_consumer_fetch_manager_records_lag_max{job=\"trapstream-dashboard\"}")
                .getJsonObject("data").getJsonArray("result");
            return found.isEmpty() ? Optional.empty() : Optional.of(found);
        });
        String clientId = series.getJsonObject(0).getJsonObject("metric").getString("client_id");
        assertTrue(clientId.startsWith("trapstream-dashboard-"), clientId);
    }

    @Test
    void everyGrafanaPanelQueryIsValidPromQl() throws IOException {
        for (String expression : GrafanaDashboardTest.expressions(GrafanaDashboardTest.dashboard())) {
            // Grafana fills in $__rate_interval from the scrape interval and the time range.
            JsonObject answer = query(expression.replace("$__rate_interval", "1m"));
            assertEquals("success", answer.getString("status"), expression + " -> " + answer.encode());
        }
    }

    /** The rules Prometheus has loaded, of every group. */
    private static List<JsonObject> loadedRules() {
        return prometheusApi("/api/v1/rules").getJsonObject("data").getJsonArray("groups").stream()
            .flatMap(group -> ((JsonObject) group).getJsonArray("rules").stream()).map(JsonObject.class::cast).toList();
    }

    @Test
    void everyAlertRuleIsLoadedAndEvaluatesCleanly() {
        List<JsonObject> rules = eventually("the alert rules to be evaluated", () -> {
            List<JsonObject> loaded = loadedRules();
            boolean evaluated = !loaded.isEmpty() && loaded.stream().allMatch(rule -> !"unknown".equals(rule.getString("health")));
            return evaluated ? Optional.of(loaded) : Optional.empty();
        });
        assertEquals(6, rules.size());
        for (Object rule : rules) {
            JsonObject alert = (JsonObject) rule;
            assertEquals("ok", alert.getString("health"), alert.encode());
            assertTrue(alert.getString("name").startsWith("Trapstream"), alert.getString("name"));
        }
    }

    @Test
    void theSilentCameraRuleFindsACameraSilentForDaysAndNotALiveOne() {
        String silent = DashboardHarness.freshCamera("cam-gully");
        String live = DashboardHarness.freshCamera("cam-river");
        dashboard.publishPredictions(CameraApiTest.steady(silent, 3, Instant.now().minus(Duration.ofDays(3))));
        dashboard.publishPredictions(CameraApiTest.steady(live, 3, Instant.now()));
        eventually("both cameras scraped", () -> query("camtrap_camera_last_seen_timestamp_seconds{camera=~\""
            + silent + "|" + live + "\"}").getJsonObject("data").getJsonArray("result").size() == 2
            ? Optional.of(true) : Optional.empty());

        String expression = loadedRules().stream().filter(rule -> rule.getString("name").equals("TrapstreamCameraSilent"))
            .findFirst().orElseThrow().getString("query");
        List<String> cameras = query(expression).getJsonObject("data").getJsonArray("result").stream()
            .map(series -> ((JsonObject) series).getJsonObject("metric").getString("camera")).toList();
        assertTrue(cameras.contains(silent), expression + " -> " + cameras);
        assertFalse(cameras.contains(live), expression + " -> " + cameras);
    }
}
