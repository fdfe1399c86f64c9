package org.trapstream.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.testkit.PrometheusServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.eventually;
import static org.trapstream.dashboard.DashboardHarness.feedbackBody;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;

/**
 * A real Prometheus scrapes the dashboard's metrics server every second with Trapstream's alert rules loaded:
 * posted feedback shows up as {@code camtrap_dashboard_feedback_total}, every Grafana panel and annotation query is
 * valid PromQL, and every alert rule evaluates without error. (The tests module's MonitoringTest runs the whole
 * system under Prometheus and asks that the queries return data.)
 */
class PrometheusScrapeTest {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path prometheusDir;
    static DashboardHarness dashboard;
    static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PrometheusServer.installed(), PrometheusServer.MISSING);
        dashboard = DashboardHarness.start(dataDir);
        prometheus = PrometheusServer.start(prometheusDir, List.of(Path.of("prometheus/alerts.yml")),
            "trapstream-dashboard", List.of("127.0.0.1:" + dashboard.metricsPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static JsonArray result(String promql) {
        return prometheus.query(promql).getJsonObject("data").getJsonArray("result");
    }

    @Test
    void postedFeedbackReachesPrometheus() {
        String imageId = dashboard.storeImage(uniquePng());
        assertEquals(202, dashboard.postFeedback(TOKEN, feedbackBody(imageId, "moonrat")).statusCode());

        JsonArray series = eventually("camtrap_dashboard_feedback_total in Prometheus", () -> {
            JsonArray found = result("camtrap_dashboard_feedback_total{outcome=\"accepted\"}");
            return found.isEmpty() || Double.parseDouble(found.getJsonObject(0).getJsonArray("value").getString(1)) < 1
                ? Optional.empty() : Optional.of(found);
        });
        assertEquals("trapstream-dashboard", series.getJsonObject(0).getJsonObject("metric").getString("job"));
    }

    @Test
    void theDashboardsOwnKafkaConsumerReportsItsLag() {
        JsonArray series = eventually("kafka_consumer_fetch_manager_records_lag_max in Prometheus", () -> {
            JsonArray found = result("kafka_consumer_fetch_manager_records_lag_max{job=\"trapstream-dashboard\"}");
            return found.isEmpty() ? Optional.empty() : Optional.of(found);
        });
        String clientId = series.getJsonObject(0).getJsonObject("metric").getString("client_id");
        assertTrue(clientId.startsWith("trapstream-dashboard-"), clientId);
    }

    @Test
    void everyGrafanaQueryIsValidPromQl() throws IOException {
        JsonObject grafana = GrafanaDashboardTest.dashboard();
        List<String> expressions = new ArrayList<>(GrafanaDashboardTest.expressions(grafana));
        expressions.addAll(GrafanaDashboardTest.annotationExpressions(grafana));
        for (String expression : expressions) {
            JsonObject answer = prometheus.query(GrafanaDashboardTest.substituted(expression, "1m"));
            assertEquals("success", answer.getString("status"), expression + " -> " + answer.encode());
        }
    }

    @Test
    void everyAlertRuleIsLoadedAndEvaluatesCleanly() throws IOException {
        List<JsonObject> rules = eventually("the alert rules to be evaluated", () -> {
            List<JsonObject> loaded = prometheus.rules();
            boolean evaluated = !loaded.isEmpty()
                && loaded.stream().noneMatch(rule -> "unknown".equals(rule.getString("health")));
            return evaluated ? Optional.of(loaded) : Optional.empty();
        });
        // Prometheus lists the groups in its own order: compare the names as sets.
        assertEquals(PrometheusRulesTest.alertNames().stream().sorted().toList(),
            rules.stream().map(rule -> rule.getString("name")).sorted().toList());
        rules.forEach(rule -> assertEquals("ok", rule.getString("health"), rule.encode()));
    }

    @Test
    void theSilentCameraRuleFindsACameraSilentForDaysAndNotALiveOne() {
        String silent = DashboardHarness.freshCamera("cam-gully");
        String live = DashboardHarness.freshCamera("cam-river");
        dashboard.publishPredictions(CameraApiTest.steady(silent, 3, Instant.now().minus(Duration.ofDays(3))));
        dashboard.publishPredictions(CameraApiTest.steady(live, 3, Instant.now()));
        eventually("both cameras scraped", () -> result("camtrap_camera_last_seen_timestamp_seconds{camera=~\""
            + silent + "|" + live + "\"}").size() == 2 ? Optional.of(true) : Optional.empty());

        String expression = prometheus.rules().stream().filter(rule -> rule.getString("name").equals("TrapstreamCameraSilent"))
            .findFirst().orElseThrow().getString("query");
        List<String> cameras = result(expression).stream()
            .map(series -> ((JsonObject) series).getJsonObject("metric").getString("camera")).toList();
        assertTrue(cameras.contains(silent), expression + " -> " + cameras);
        assertFalse(cameras.contains(live), expression + " -> " + cameras);
    }
}
