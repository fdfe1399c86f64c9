package org.trapstream.testkit;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.trapstream.testkit.Eventually.eventually;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}, Debian's {@code prometheus}) for tests: it scrapes the given
 * targets every second under one job, evaluates the given rule files every second, and answers queries.
 */
public final class PrometheusServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    public static final String MISSING = "Skipped: /usr/bin/prometheus is absent "
        + "(apt-get install -y --no-install-recommends prometheus)";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration READY_PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final String url;

    private PrometheusServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Prometheus with its data and log under {@code dir}; returns once it is ready. */
    public static PrometheusServer start(Path dir, List<Path> ruleFiles, String job, List<String> targets)
            throws IOException {
        List<String> config = new ArrayList<>(List.of(
            "global:", "  scrape_interval: 1s", "  evaluation_interval: 1s", "rule_files:"));
        ruleFiles.forEach(file -> config.add("  - " + file.toAbsolutePath()));
        config.addAll(List.of("scrape_configs:", "  - job_name: " + job, "    static_configs:", "      - targets:"));
        targets.forEach(target -> config.add("          - '" + target + "'"));
        Path configFile = Files.write(dir.resolve("prometheus.yml"), config);
        int port = freePort();
        Process process = new ProcessBuilder(BINARY.toString(),
            "--config.file=" + configFile,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
        PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port);
        eventually(READY_PATIENCE, () -> {
            if (!server.ready()) {
                throw new AssertionError("Prometheus is not ready; see " + dir.resolve("prometheus.log"));
            }
        });
        return server;
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON answer of an HTTP API call, e.g. {@code /api/v1/rules}. */
    public JsonObject api(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer to an instant query, whatever its status. */
    public JsonObject query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** Every rule of every loaded group, in file order. */
    public List<JsonObject> rules() {
        List<JsonObject> rules = new ArrayList<>();
        JsonArray groups = api("/api/v1/rules").getJsonObject("data").getJsonArray("groups");
        groups.forEach(group -> ((JsonObject) group).getJsonArray("rules")
            .forEach(rule -> rules.add((JsonObject) rule)));
        return rules;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
