package org.trapstream.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The example Prometheus configuration and alert rules, checked and unit-tested by the real {@code promtool}
 * (their links to {@code RUNBOOK.md}: {@link RunbookLinksTest}).
 */
class PrometheusRulesTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path PROMETHEUS_DIR = Path.of("prometheus");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)$");

    @BeforeAll
    static void needsPromtool() {
        assumeTrue(Files.isExecutable(PROMTOOL),
            "Skipped: /usr/bin/promtool is absent (apt-get install -y --no-install-recommends prometheus)");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS_DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void theAlertRulesAreValid() throws Exception {
        String checked = promtool("check", "rules", "alerts.yml");
        assertTrue(checked.contains("SUCCESS: " + alertNames().size() + " rules found"), checked);
    }

    /** The alerts' names, in file order. */
    static List<String> alertNames() throws IOException {
        return matches(ALERT, Files.readString(PROMETHEUS_DIR.resolve("alerts.yml")));
    }

    static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void theAlertsFireWhenTheyShouldAndOnlyThen() throws Exception {
        assertTrue(promtool("test", "rules", "alerts_test.yml").contains("SUCCESS"));
    }

    @Test
    void theExampleScrapeConfigurationIsValid() throws Exception {
        assertTrue(promtool("check", "config", "prometheus.yml").contains("is valid prometheus config file syntax"));
    }
}
