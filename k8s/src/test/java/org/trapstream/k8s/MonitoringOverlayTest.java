package org.trapstream.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.k8s.WorkloadHardeningTest.METRICS_PORT;
import static org.trapstream.k8s.WorkloadHardeningTest.ROLES;

/**
 * overlays/monitoring, for the Prometheus Operator and Grafana's sidecar: its PrometheusRule is dashboard/'s alert
 * rules and its ConfigMap dashboard/'s Grafana dashboard, exactly (so neither can drift from the files the dashboard
 * module's tests run against a real Prometheus): both are {@link MonitoringOverlayGenerator}'s output. Its PodMonitor
 * reaches every role's metrics port.
 */
class MonitoringOverlayTest {

    private static final Path REPOSITORY = ManifestDirs.MODULE.getParent();
    private static final Path ALERTS = REPOSITORY.resolve(MonitoringOverlayGenerator.ALERT_RULES);
    private static final Path GRAFANA_DASHBOARD = REPOSITORY.resolve(MonitoringOverlayGenerator.GRAFANA_DASHBOARD);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String REGENERATE = ": regenerate it with " + MonitoringOverlayGenerator.COMMAND;

    private final Rendered monitoring = Rendered.of(ManifestDirs.MONITORING);

    @Test
    void theCopiesOfDashboardsFilesAreTheGeneratorsOutputByteForByte() throws IOException {
        Map<Path, byte[]> generated = new MonitoringOverlayGenerator(REPOSITORY).files();
        // The files the kustomization names, so that the comparison below cannot pass on an empty map.
        assertEquals(Set.of("prometheus-rule.yaml", "trapstream-dashboard.json"), generated.keySet().stream()
            .map(path -> path.getFileName().toString()).collect(Collectors.toSet()));
        for (Map.Entry<Path, byte[]> file : generated.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(REPOSITORY.resolve(file.getKey())),
                file.getKey() + " is not what the generator writes" + REGENERATE);
        }
    }

    @Test
    void thePrometheusRuleCarriesTheAlertRulesUnchanged() throws IOException {
        JsonNode groups = YAML.readTree(ALERTS.toFile()).get("groups");
        JsonNode rendered = monitoring.documents().stream()
            .filter(document -> document.path("kind").asText().equals("PrometheusRule")).findFirst().orElseThrow()
            .path("spec").path("groups");
        assertEquals(groups, rendered, "overlays/monitoring/prometheus-rule.yaml differs from " + ALERTS
            + REGENERATE);
        assertEquals(groups.size(), monitoring.one(PrometheusRule.class, "trapstream").getSpec().groups().size());
    }

    @Test
    void grafanasSidecarGetsTheDashboardUnchanged() throws IOException {
        ConfigMap dashboard = monitoring.one(ConfigMap.class, "trapstream-grafana-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        assertEquals(Files.readString(GRAFANA_DASHBOARD), dashboard.getData().get("trapstream-dashboard.json"),
            "overlays/monitoring/trapstream-dashboard.json differs from " + GRAFANA_DASHBOARD + REGENERATE);
    }

    @Test
    void thePodMonitorScrapesTheMetricsPortOfEveryRoleAsJobTrapstream() {
        PodMonitor.Spec spec = monitoring.one(PodMonitor.class, "trapstream").getSpec();
        assertEquals(List.of("metrics"), spec.podMetricsEndpoints().stream().map(PodMonitor.Endpoint::port).toList());
        assertEquals("/metrics", spec.podMetricsEndpoints().get(0).path());
        for (String role : ROLES) {
            Deployment deployment = monitoring.deployment(role);
            var labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(labels.entrySet().containsAll(spec.selector().getMatchLabels().entrySet()),
                role + "'s pods are not selected");
            // The alert rules and the dashboard's job variable expect job="trapstream..."
            assertTrue(labels.get(spec.jobLabel()).startsWith("trapstream"), role + ": job " + labels.get(spec.jobLabel()));
            assertEquals(METRICS_PORT, Pods.resolvePort(
                new io.fabric8.kubernetes.api.model.IntOrString("metrics"), monitoring.container(role)));
        }
    }

    @Test
    void thePodMonitorScrapesLikeDashboardsPrometheusConfiguration() throws IOException {
        // The alert rules' windows and the dashboard's rates are written for that configuration's interval.
        JsonNode prometheus = YAML.readTree(REPOSITORY.resolve("dashboard/prometheus/prometheus.yml").toFile());
        JsonNode trapstreamJob = prometheus.path("scrape_configs").get(0);
        assertEquals("trapstream", trapstreamJob.path("job_name").asText());
        PodMonitor.Endpoint endpoint =
            monitoring.one(PodMonitor.class, "trapstream").getSpec().podMetricsEndpoints().get(0);
        assertEquals(prometheus.path("global").path("scrape_interval").asText(), endpoint.interval());
        assertEquals(trapstreamJob.path("metrics_path").asText(), endpoint.path());
    }

    @Test
    void theMonitoringNamespaceMayReachTheMetricsPortOnly() {
        NetworkPolicy metrics = monitoring.one(NetworkPolicy.class, "trapstream-metrics-ingress");
        metrics.getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(port ->
            assertEquals("metrics", port.getPort().getStrVal(), "only the metrics port is open to Prometheus")));
    }

    @Test
    void everyResourceOfTheOverlayLandsInTrapstreamsNamespace() {
        monitoring.resources().stream().filter(resource -> !resource.getKind().equals("Namespace"))
            .forEach(resource -> assertEquals("trapstream", resource.getMetadata().getNamespace(),
                resource.getKind() + " " + resource.getMetadata().getName()));
    }
}
