package org.trapstream.tests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.launcher.Main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * One role in a JVM of its own, started as an operator starts it ({@code trapstream ROLE --key value ...}) from the
 * test's class path, so that the test can kill it the hard way: {@link #kill()} is SIGKILL, no shutdown hook runs.
 * Its output goes to a log file under {@code target/fault-logs}, which a failure to start quotes.
 */
record RoleProcess(String role, Process process, Path log, int port, int metricsPort) implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Small enough for six roles' JVMs on a two-core test machine; the heap bound of a test says what it needs. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx768m", "-Dorg.bytedeco.javacpp.maxbytes=2G",
        "-Dorg.eclipse.deeplearning4j.helpers.disable=false");

    /** Where the roles' output goes: the build's folder, so that it outlives the test's data for a look after. */
    private static final Path LOGS = Path.of("target", "fault-logs");

    /**
     * Starts {@code role} against {@code bootstrapServers} with its data in {@code dataDir}, {@code settings} as its
     * flags, on free HTTP and metrics ports; returns once its {@code /health} answers (up or not: a classifier without a model
     * is down, yet serving). {@code jvmOptions} come after the defaults, so that an {@code -Xmx} of the caller's wins.
     */
    static RoleProcess startOn(String bootstrapServers, String role, Path dataDir, Map<String, String> settings,
                               String... jvmOptions) {
        int port = freePort();
        int metricsPort = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath(), Main.class.getName(), role,
            "--" + KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers,
            "--" + GeneralSettings.DATA_DIR, dataDir.toString(),
            "--" + HttpSettings.HTTP_PORT, String.valueOf(port),
            "--" + HttpSettings.METRICS_PORT, String.valueOf(metricsPort)));
        settings.forEach((key, value) -> command.addAll(List.of("--" + key, value)));
        Path log = LOGS.resolve(role + "-" + System.currentTimeMillis() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(LOGS);
            Process process = builder.start();
            // A test JVM that exits with the role still running (a fork timeout, a stopped build) takes it along.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, role + "-process-reaper"));
            RoleProcess started = new RoleProcess(role, process, log, port, metricsPort);
            started.awaitAnswering();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the " + role + " role", e);
        }
    }

    /** {@link #startOn} the JVM's shared test broker. */
    static RoleProcess start(String role, Path dataDir, Map<String, String> settings, String... jvmOptions) {
        return startOn(TestKafka.config().getString(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS), role, dataDir, settings,
            jvmOptions);
    }

    /** The class path this test runs on (surefire's own, not its booter jar's), which holds the launcher. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private void awaitAnswering() {
        eventually(TestKafka.PATIENCE, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The " + role + " role exited with " + process.exitValue() + ":\n"
                    + logTail());
            }
            assertNotNull(get("/health"), "the " + role + " role answers /health");
        });
    }

    /** The role's {@code /health} report, whatever its status; null while it does not answer. */
    JsonObject health() {
        HttpResponse<String> response = get("/health");
        return response == null ? null : new JsonObject(response.body());
    }

    /** Waits until the role reports {@code version} as the model it serves. */
    void awaitServing(String version) {
        awaitHealth("model_version", version);
    }

    /** Waits until the role's own part of its {@code /health} report has {@code value} under {@code field}. */
    void awaitHealth(String field, Object value) {
        eventually(TestKafka.PATIENCE, () -> {
            JsonObject health = health();
            assertEquals(value, health == null ? null
                : health.getJsonObject("components").getJsonObject(role).getValue(field),
                "the " + role + " role's " + field);
        });
    }

    /**
     * The sum of the values of the series named {@code name} (all of them, whatever their labels) in the role's
     * Prometheus scrape, or of those whose labels contain {@code labels} (e.g. {@code area="heap"}).
     */
    double metric(String name, String labels) {
        HttpResponse<String> response = get(metricsPort, "/metrics");
        if (response == null || response.statusCode() != 200) {
            throw new AssertionError("the " + role + " role does not answer /metrics");
        }
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no drain, no last commit; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, as an operator stops it: the role drains and commits what it finished. */
    @Override
    public void close() {
        process.destroy();
        if (!awaitExit()) {
            kill();
        }
    }

    private boolean awaitExit() {
        try {
            return process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        return get(port, path);
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return role + " (pid " + process.pid() + ", log " + log + ")";
    }
}
