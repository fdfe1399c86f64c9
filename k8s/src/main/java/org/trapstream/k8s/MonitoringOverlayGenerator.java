package org.trapstream.k8s;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code k8s/overlays/monitoring}'s copies of dashboard/'s files: the alert rules
 * ({@code dashboard/prometheus/alerts.yml}) as a PrometheusRule whose {@code spec.groups} is that file's groups, text
 * and comments included, and the Grafana dashboard unchanged for the overlay's configMapGenerator. kustomize's load
 * restrictor refuses files outside a kustomization's directory, so the overlay needs copies; generating them, and a
 * test that compares the committed ones with this output, keeps them equal to the originals.
 *
 * <p>Depends on the JDK alone, so that it runs straight from its source, without a build: {@value #COMMAND}.
 */
public final class MonitoringOverlayGenerator {

    /** Regenerates the overlay's copies, from the repository root. */
    public static final String COMMAND = "java k8s/src/main/java/org/trapstream/k8s/MonitoringOverlayGenerator.java";

    static final Path ALERT_RULES = Path.of("dashboard", "prometheus", "alerts.yml");
    static final Path GRAFANA_DASHBOARD = Path.of("dashboard", "grafana", "trapstream-dashboard.json");
    static final Path OVERLAY = Path.of("k8s", "overlays", "monitoring");
    static final Path PROMETHEUS_RULE = OVERLAY.resolve("prometheus-rule.yaml");
    static final Path OVERLAY_DASHBOARD = OVERLAY.resolve(GRAFANA_DASHBOARD.getFileName());

    private static final String GROUPS = "groups:";
    private static final String PROMETHEUS_RULE_HEAD = """
        # Generated from dashboard/prometheus/alerts.yml by MonitoringOverlayGenerator: do not edit. Edit alerts.yml
        # (and its tests, alerts_test.yml), then regenerate from the repository root with
        #   %s
        # spec.groups is alerts.yml's groups, comments included. This is a copy because kustomize reads no file
        # outside the overlay's directory.
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: trapstream
          labels:
            app.kubernetes.io/part-of: trapstream
            release: kube-prometheus-stack
        spec:
          groups:
        """.formatted(COMMAND);
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;

    private final Path repository;

    /** A generator reading and writing below the repository root {@code repository}. */
    public MonitoringOverlayGenerator(Path repository) {
        this.repository = repository;
    }

    /**
     * The generated files, by their path relative to the repository root.
     *
     * @throws IllegalArgumentException when alerts.yml holds more than a rule file's {@code groups}
     */
    public Map<Path, byte[]> files() throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        String alertRules = Files.readString(repository.resolve(ALERT_RULES));
        files.put(PROMETHEUS_RULE, prometheusRule(alertRules).getBytes(StandardCharsets.UTF_8));
        files.put(OVERLAY_DASHBOARD, Files.readAllBytes(repository.resolve(GRAFANA_DASHBOARD)));
        return files;
    }

    /** Writes the files that differ from {@link #files()}; returns their paths relative to the repository root. */
    public List<Path> write() throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, byte[]> file : files().entrySet()) {
            Path target = repository.resolve(file.getKey());
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                Files.write(target, file.getValue());
                written.add(file.getKey());
            }
        }
        return written;
    }

    /**
     * A Prometheus rule file as a PrometheusRule: the lines below its top-level {@code groups:}, indented under
     * {@code spec.groups}. Indenting every line alike keeps block scalars ({@code |}, {@code >-}) and comments as
     * they are; the comments above {@code groups:} describe the file and are left out.
     */
    static String prometheusRule(String alertRules) {
        List<String> lines = alertRules.lines().toList();
        int groups = lines.indexOf(GROUPS);
        if (groups < 0) {
            throw new IllegalArgumentException(ALERT_RULES + " has no top-level line '" + GROUPS + "'");
        }
        StringBuilder rule = new StringBuilder(PROMETHEUS_RULE_HEAD);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean topLevel = !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
            if (topLevel && i != groups) {
                // A PrometheusRule's spec has nothing but the groups to put it in.
                throw new IllegalArgumentException(ALERT_RULES + ", line " + (i + 1) + ": only '" + GROUPS
                    + "' may be at the top level of a rule file, found '" + line + "'");
            }
            if (i > groups) {
                rule.append(line.isEmpty() ? "" : "  ").append(line).append('\n');
            }
        }
        return rule.toString();
    }

    /** Usage: {@code MonitoringOverlayGenerator [REPOSITORY]}, the repository root (default: the working directory). */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(usage());
            return 0;
        }
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            err.print("Unexpected arguments: " + String.join(" ", args) + "\n" + usage());
            return EXIT_USAGE;
        }
        Path repository = Path.of(args.length == 1 ? args[0] : "").toAbsolutePath().normalize();
        if (!Files.isRegularFile(repository.resolve(ALERT_RULES)) || !Files.isDirectory(repository.resolve(OVERLAY))) {
            err.println(repository + " is not Trapstream's repository root (no " + ALERT_RULES + " or " + OVERLAY
                + "): run from the root or pass it");
            return EXIT_USAGE;
        }
        try {
            List<Path> written = new MonitoringOverlayGenerator(repository).write();
            for (Path path : written) {
                out.println("Wrote " + path);
            }
            if (written.isEmpty()) {
                out.println(OVERLAY + " is up to date");
            }
            return 0;
        } catch (NoSuchFileException e) {
            err.println("Missing: " + e.getFile());
            return EXIT_FAILED;
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
    }

    private static String usage() {
        return """
            Usage: %s [REPOSITORY]
            Writes %s's copies of dashboard/'s files: prometheus-rule.yaml from %s
            and %s unchanged.
              REPOSITORY   the repository root (default: the working directory)
              -h, --help   show this help
            Exit codes: 0 written or already up to date; 1 a file could not be read or written, or alerts.yml holds
            more than a rule file's groups; 2 bad arguments, or REPOSITORY is not Trapstream's repository root.
            """.formatted(COMMAND, OVERLAY, ALERT_RULES, GRAFANA_DASHBOARD);
    }
}
