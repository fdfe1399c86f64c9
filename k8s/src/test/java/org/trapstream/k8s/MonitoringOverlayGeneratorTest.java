package org.trapstream.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.k8s.MonitoringOverlayGenerator.ALERT_RULES;
import static org.trapstream.k8s.MonitoringOverlayGenerator.GRAFANA_DASHBOARD;
import static org.trapstream.k8s.MonitoringOverlayGenerator.OVERLAY;
import static org.trapstream.k8s.MonitoringOverlayGenerator.OVERLAY_DASHBOARD;
import static org.trapstream.k8s.MonitoringOverlayGenerator.PROMETHEUS_RULE;

/** The generator of overlays/monitoring's copies, on rule files of its own and as a command on a scratch tree. */
class MonitoringOverlayGeneratorTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String RULES = """
        # About this file: not carried over.
        groups:
          - name: flow
            rules:
              # Why this alert: carried over.
              - alert: Lagging
                expr: |
                  max(lag) > 100
                    and
                  deriv(lag[10m]) > 0

                for: 15m
                annotations:
                  description: >-
                    Folded
                    text.
        """;

    @TempDir
    Path repository;

    @Test
    void thePrometheusRuleHoldsTheGroupsWithTheirCommentsAndBlockScalarsUnchanged() throws IOException {
        String rule = MonitoringOverlayGenerator.prometheusRule(RULES);
        JsonNode resource = YAML.readTree(rule);
        assertEquals("PrometheusRule", resource.path("kind").asText());
        assertEquals("trapstream", resource.path("metadata").path("name").asText());
        assertEquals(YAML.readTree(RULES).get("groups"), resource.path("spec").path("groups"));
        assertEquals("max(lag) > 100\n  and\nderiv(lag[10m]) > 0\n",
            resource.at("/spec/groups/0/rules/0/expr").asText(), "a literal block keeps its inner indentation");
        assertTrue(rule.contains("\n        # Why this alert: carried over.\n"), rule);
        assertFalse(rule.contains("About this file"), "the rule file's own header is not the resource's");
        assertTrue(rule.startsWith("# Generated from " + ALERT_RULES), rule);
        assertTrue(rule.contains(MonitoringOverlayGenerator.COMMAND), "the header names the command: " + rule);
    }

    @Test
    void aRuleFileWithMoreThanItsGroupsIsRefusedWithTheLine() {
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
            () -> MonitoringOverlayGenerator.prometheusRule(RULES + "extra: true\n"));
        assertTrue(extra.getMessage().contains("line 17") && extra.getMessage().contains("extra: true"),
            extra.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> MonitoringOverlayGenerator.prometheusRule("rules: []\n"));
        assertTrue(none.getMessage().contains("no top-level line 'groups:'"), none.getMessage());
    }

    @Test
    void theCommandWritesStaleCopiesOnlyAndReportsWhatItWrote() throws IOException {
        sourcesWith(RULES);
        Files.writeString(repository.resolve(PROMETHEUS_RULE), "stale");

        Result first = run(repository.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertEquals("Wrote " + PROMETHEUS_RULE + "\nWrote " + OVERLAY_DASHBOARD + "\n", first.out());
        assertEquals(MonitoringOverlayGenerator.prometheusRule(RULES),
            Files.readString(repository.resolve(PROMETHEUS_RULE)));
        assertArrayEquals(Files.readAllBytes(repository.resolve(GRAFANA_DASHBOARD)),
            Files.readAllBytes(repository.resolve(OVERLAY_DASHBOARD)));

        Result second = run(repository.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(OVERLAY + " is up to date\n", second.out());
    }

    @Test
    void aBadRuleFileFailsTheCommandAndLeavesTheCopiesAlone() throws IOException {
        sourcesWith(RULES + "extra: true\n");
        Files.writeString(repository.resolve(PROMETHEUS_RULE), "kept");

        Result result = run(repository.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("extra: true"), result.err());
        assertEquals("kept", Files.readString(repository.resolve(PROMETHEUS_RULE)));
        assertTrue(Files.notExists(repository.resolve(OVERLAY_DASHBOARD)), "nothing is written when one file fails");
    }

    @Test
    void helpUsageErrorsAndAnotherDirectoryHaveTheirOwnExitCodes() {
        Result help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: " + MonitoringOverlayGenerator.COMMAND), help.out());

        Result unknown = run("--check");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("Unexpected arguments: --check\nUsage: "), unknown.err());

        Result elsewhere = run(repository.toString());
        assertEquals(2, elsewhere.exitCode());
        assertTrue(elsewhere.err().contains("is not Trapstream's repository root"), elsewhere.err());
    }

    private void sourcesWith(String alertRules) throws IOException {
        Files.createDirectories(repository.resolve(ALERT_RULES).getParent());
        Files.createDirectories(repository.resolve(GRAFANA_DASHBOARD).getParent());
        Files.createDirectories(repository.resolve(OVERLAY));
        Files.writeString(repository.resolve(ALERT_RULES), alertRules);
        Files.writeString(repository.resolve(GRAFANA_DASHBOARD), "{\"title\": \"Trapstream\"}\n");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = MonitoringOverlayGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
