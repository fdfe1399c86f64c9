package org.trapstream.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard's structure: the panels the operators need, all on the Prometheus data-source variable,
 * laid out without overlaps. (No Grafana server is reachable here; {@link PrometheusScrapeTest} runs the queries.)
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("grafana/trapstream-dashboard.json");
    static final String DATASOURCE_UID = "${datasource}";

    static JsonObject dashboard() throws IOException {
        return new JsonObject(Files.readString(DASHBOARD));
    }

    /** Every panel that is not a row. */
    static List<JsonObject> panels(JsonObject dashboard) {
        return dashboard.getJsonArray("panels").stream().map(JsonObject.class::cast)
            .filter(panel -> !"row".equals(panel.getString("type"))).toList();
    }

    /** Every PromQL expression of every panel. */
    static List<String> expressions(JsonObject dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonObject panel : panels(dashboard)) {
            panel.getJsonArray("targets").forEach(target -> expressions.add(((JsonObject) target).getString("expr")));
        }
        return expressions;
    }

    @Test
    void isASchema39DashboardWithAPrometheusDataSourceVariable() throws IOException {
        JsonObject dashboard = dashboard();
        assertEquals(39, dashboard.getInteger("schemaVersion"));
        assertEquals("trapstream-overview", dashboard.getString("uid"));
        JsonObject variable = dashboard.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
        assertEquals("datasource", variable.getString("type"));
        assertEquals("prometheus", variable.getString("query"));
        assertEquals("${" + variable.getString("name") + "}", DATASOURCE_UID);
    }

    @Test
    void hasThePanelsOperatorsNeed() throws IOException {
        List<String> titles = panels(dashboard()).stream().map(panel -> panel.getString("title")).toList();
        for (String needed : List.of("Ingest rate by outcome", "Rejections by reason", "Classifier throughput",
            "End-to-end latency", "Batch size distribution", "Inference time", "In-flight images",
            "Review routings by reason", "Consumer lag", "Model version in use", "Feedback rate")) {
            assertTrue(titles.stream().anyMatch(title -> title.startsWith(needed)), needed + " missing from " + titles);
        }
    }

    @Test
    void latencyShowsP50P95AndP99OfTheEndToEndHistogram() throws IOException {
        JsonObject latency = panels(dashboard()).stream()
            .filter(panel -> panel.getString("title").startsWith("End-to-end latency")).findFirst().orElseThrow();
        List<String> expressions = latency.getJsonArray("targets").stream()
            .map(target -> ((JsonObject) target).getString("expr")).toList();
        for (String quantile : List.of("0.5", "0.95", "0.99")) {
            assertTrue(expressions.contains("histogram_quantile(" + quantile
                    + ", sum by (le) (rate(camtrap_classifier_end_to_end_seconds_bucket[$__rate_interval])))"),
                expressions.toString());
        }
        assertEquals("s", latency.getJsonObject("fieldConfig").getJsonObject("defaults").getString("unit"));
    }

    @Test
    void everyPanelAndQueryUsesTheDataSourceVariable() throws IOException {
        for (JsonObject panel : panels(dashboard())) {
            String title = panel.getString("title");
            assertEquals(DATASOURCE_UID, panel.getJsonObject("datasource").getString("uid"), title);
            JsonArray targets = panel.getJsonArray("targets");
            assertFalse(targets.isEmpty(), title);
            Set<String> refIds = new HashSet<>();
            for (Object item : targets) {
                JsonObject target = (JsonObject) item;
                assertEquals(DATASOURCE_UID, target.getJsonObject("datasource").getString("uid"), title);
                assertFalse(target.getString("expr", "").isBlank(), title);
                assertTrue(refIds.add(target.getString("refId")), "refIds repeat in " + title);
            }
        }
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() throws IOException {
        List<JsonObject> placed = dashboard().getJsonArray("panels").stream().map(JsonObject.class::cast).toList();
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < placed.size(); i++) {
            JsonObject a = placed.get(i).getJsonObject("gridPos");
            assertTrue(ids.add(placed.get(i).getInteger("id")), "panel ids repeat");
            assertTrue(a.getInteger("x") >= 0 && a.getInteger("x") + a.getInteger("w") <= 24, placed.get(i).getString("title"));
            for (int j = i + 1; j < placed.size(); j++) {
                JsonObject b = placed.get(j).getJsonObject("gridPos");
                boolean apart = a.getInteger("x") + a.getInteger("w") <= b.getInteger("x")
                    || b.getInteger("x") + b.getInteger("w") <= a.getInteger("x")
                    || a.getInteger("y") + a.getInteger("h") <= b.getInteger("y")
                    || b.getInteger("y") + b.getInteger("h") <= a.getInteger("y");
                assertTrue(apart, placed.get(i).getString("title") + " overlaps " + placed.get(j).getString("title"));
            }
        }
    }
}
