package org.trapstream.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard's structure: the panels the operators need, all on the Prometheus data-source variable and
 * every series filtered by the job, namespace and instance variables, promotions as annotations, laid out without
 * overlaps. (No Grafana server is reachable here; {@link PrometheusScrapeTest} runs the queries.)
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("grafana/trapstream-dashboard.json");
    static final String DATASOURCE_UID = "${datasource}";
    /** What every series in every query is filtered by: the deployment the viewer picked. */
    static final String VARIABLES = "job=~\"$job\", namespace=~\"$namespace\", instance=~\"$instance\"";
    static final String SELECTOR = "{" + VARIABLES + "}";
    /** A metric name followed by its label matchers, if any (not a function: no parenthesis after it). */
    private static final Pattern SERIES = Pattern.compile("\\b([a-z][a-z0-9_]*_[a-z0-9_]+)(\\{[^}]*\\})?(?=\\s*[\\[)\\s]|$)");

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

    /** The panels' titles, each with its expressions. */
    static Map<String, List<String>> expressionsByPanel(JsonObject dashboard) {
        Map<String, List<String>> byPanel = new LinkedHashMap<>();
        for (JsonObject panel : panels(dashboard)) {
            byPanel.put(panel.getString("title"), panel.getJsonArray("targets").stream()
                .map(target -> ((JsonObject) target).getString("expr")).toList());
        }
        return byPanel;
    }

    /** Every annotation's PromQL expression (the built-in one has none). */
    static List<String> annotationExpressions(JsonObject dashboard) {
        return dashboard.getJsonObject("annotations").getJsonArray("list").stream().map(JsonObject.class::cast)
            .filter(annotation -> annotation.containsKey("expr")).map(annotation -> annotation.getString("expr")).toList();
    }

    /**
     * {@code expression} as Grafana sends it with every variable at "All" ({@code .*}) and the given rate interval
     * and range.
     */
    static String substituted(String expression, String interval) {
        return expression.replace("$__rate_interval", interval).replace("$__range", interval)
            .replace("$job", ".*").replace("$namespace", ".*").replace("$instance", ".*");
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
        for (String needed : List.of("Ingest rate by outcome", "Dead letters by reason", "Classifier throughput",
            "End-to-end latency", "Queue time", "Batch size distribution", "Batch size (mean)", "Inference time",
            "In-flight images", "Consumer lag", "Predictions by label", "Confidence histogram",
            "Review routings by reason", "Review queue against capacity", "Labels per hour", "Feedback rate",
            "Model version in use", "Serving model evaluation", "Trainer runs", "Model rejections", "JVM heap",
            "ND4J off-heap memory", "Builds")) {
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
                    + ", sum by (le) (rate(camtrap_classifier_end_to_end_seconds_bucket" + SELECTOR
                    + "[$__rate_interval])))"),
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
    void jobNamespaceAndInstanceVariablesComeFromTheBuildInfoOfEveryRole() throws IOException {
        JsonArray variables = dashboard().getJsonObject("templating").getJsonArray("list");
        List<String> names = variables.stream().map(v -> ((JsonObject) v).getString("name")).toList();
        assertEquals(List.of("datasource", "job", "namespace", "instance"), names);
        for (int i = 1; i < variables.size(); i++) {
            JsonObject variable = variables.getJsonObject(i);
            assertEquals("query", variable.getString("type"));
            assertEquals(DATASOURCE_UID, variable.getJsonObject("datasource").getString("uid"));
            assertTrue(variable.getString("definition").startsWith("label_values(camtrap_build_info"),
                variable.getString("definition"));
            assertTrue(variable.getBoolean("includeAll") && variable.getBoolean("multi"), variable.getString("name"));
            assertEquals(".*", variable.getString("allValue"), "All must also match series without the label");
        }
    }

    @Test
    void everySeriesOfEveryQueryIsFilteredByTheVariables() throws IOException {
        JsonObject dashboard = dashboard();
        List<String> queries = new ArrayList<>(expressions(dashboard));
        queries.addAll(annotationExpressions(dashboard));
        for (String expression : queries) {
            Matcher series = SERIES.matcher(expression.replaceAll("\\b(by|without) \\([^)]*\\)", ""));
            int found = 0;
            while (series.find()) {
                if (List.of("histogram_quantile", "label_values").contains(series.group(1))) {
                    continue;
                }
                found++;
                assertTrue(series.group(2) != null && series.group(2).contains(VARIABLES),
                    series.group(1) + " is not filtered by job, namespace and instance in " + expression);
            }
            assertTrue(found > 0, "no series found in " + expression);
        }
    }

    @Test
    void promotionsAndModelSwapsAreAnnotations() throws IOException {
        List<String> annotations = annotationExpressions(dashboard());
        assertTrue(annotations.stream().anyMatch(a -> a.contains("camtrap_trainer_runs_total{outcome=\"promoted\"")),
            annotations.toString());
        assertTrue(annotations.stream().anyMatch(a -> a.contains("camtrap_classifier_model_version_info")),
            annotations.toString());
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
