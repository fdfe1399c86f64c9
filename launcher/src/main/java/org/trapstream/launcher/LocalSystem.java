package org.trapstream.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.http.MetricsServerVerticle;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleHost;
import org.trapstream.kafka.EmbeddedKafka;

import static org.trapstream.common.config.KafkaSettings.KAFKA_BOOTSTRAP_SERVERS;
import static org.trapstream.dashboard.DashboardConfig.PEOPLE;
import static org.trapstream.ingest.IngestConfig.INGEST_DEVICES;
import static org.trapstream.ingest.IngestConfig.INGEST_PEOPLE;
import static org.trapstream.launcher.SystemConfig.DEMO_CAMERA_ID;
import static org.trapstream.launcher.SystemConfig.DEMO_DATASET;
import static org.trapstream.launcher.SystemConfig.DEMO_RATE;
import static org.trapstream.launcher.SystemConfig.KAFKA_EMBEDDED_PORT;

/**
 * Everything {@code trapstream run} starts, in one process: the broker (embedded unless one is given), the
 * topics, a first model when there is none and a dataset to learn from, the five roles behind one HTTP
 * server, and the demo camera. Closing stops them in reverse order.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);
    /** Names of the people {@code run} makes up, {@code local-viewer} and so on. */
    private static final String LOCAL_PERSON = "local-";

    /** How to stop what has started, newest first: the roles stop before the broker they talk to. */
    private final Deque<Runnable> stops = new ArrayDeque<>();
    private boolean closed;
    private TrapstreamConfig config;
    private boolean embeddedKafka;
    private RoleHost roles;
    private String demoCamera;
    /** The secrets made for this session, shown in the banner; empty where the configuration gave its own. */
    private final Map<AccessRole, String> sessionTokens = new EnumMap<>(AccessRole.class);
    private String cameraToken;

    public LocalSystem(TrapstreamConfig config) {
        this.config = config;
    }

    /**
     * Starts it all, blocking until the HTTP server answers; on failure stops what had started and throws.
     * {@link #close} may run meanwhile (Ctrl-C during a first run's training): it stops what has started so
     * far, and nothing starts after it.
     */
    public void start(PrintStream out) {
        List<Role> all = Roles.all();
        boolean started = false;
        try {
            if (config.getString(KAFKA_BOOTSTRAP_SERVERS).isBlank()) {
                EmbeddedKafka kafka = EmbeddedKafka.start(config.dataDir().resolve("kafka"),
                    config.getInt(KAFKA_EMBEDDED_PORT));
                onClose(kafka::close);
                config = config.with(Map.of(KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers()));
                embeddedKafka = true;
            }
            TopicAdmin.ensureTopics(config);
            addSessionCredentials();
            BootstrapModel.ensure(config, out);
            roles = RoleHost.start(config, all);
            onClose(roles::close);
            demoCamera = startDemoCamera(config, roles);
            started = true;
        } finally {
            if (!started) {
                close();
            }
        }
    }

    /**
     * On this machine alone the review page, the deployments and the demo camera should work out of the box:
     * without people configured, one made-up person per role (who also manage deployments, unless
     * {@code ingest.people} names its own); unless the devices name the demo camera, a credential for it.
     * Only their hashes go into the configuration; the secrets live in this process and its banner.
     */
    private void addSessionCredentials() {
        Map<String, String> added = new HashMap<>();
        if (config.getPassword(PEOPLE).isEmpty()) {
            List<String> people = new ArrayList<>();
            for (AccessRole role : AccessRole.values()) {
                String token = Secrets.generate();
                sessionTokens.put(role, token);
                people.add(LOCAL_PERSON + role.code() + ":" + role.code() + ":" + SecretHash.of(token).encoded());
            }
            added.put(PEOPLE, String.join(",", people));
        }
        if (config.getPassword(INGEST_PEOPLE).isEmpty()) {
            // the same people manage deployments on this machine
            added.put(INGEST_PEOPLE, added.getOrDefault(PEOPLE, String.join(",", config.getList(PEOPLE))));
        }
        String camera = config.getString(DEMO_CAMERA_ID);
        List<String> devices = config.getList(INGEST_DEVICES);
        if (devices.stream().noneMatch(entry -> entry.startsWith("camera:" + camera + ":"))) {
            cameraToken = Secrets.generate();
            List<String> withCamera = new ArrayList<>(devices);
            withCamera.add("camera:" + camera + ":" + SecretHash.of(cameraToken).encoded());
            added.put(INGEST_DEVICES, String.join(",", withCamera));
        }
        config = config.with(added);
    }

    private synchronized void onClose(Runnable stop) {
        if (closed) {
            stop.run();
            throw new IllegalStateException("Trapstream was stopped while starting");
        }
        stops.push(stop);
    }

    /** Deploys the demo camera when its rate is positive and the dataset has images; says what it did. */
    private String startDemoCamera(TrapstreamConfig config, RoleHost roles) {
        Path dataset = config.getPath(DEMO_DATASET);
        double rate = config.getDouble(DEMO_RATE);
        if (rate <= 0) {
            return "off (" + DEMO_RATE + " = 0)";
        }
        List<Path> images = DemoImages.list(dataset);
        if (images.isEmpty()) {
            return "off (no images in " + dataset + ")";
        }
        DemoCamera camera = new DemoCamera(images, LocalAddress.host(config), roles.httpPort(), rate,
            config.getString(DEMO_CAMERA_ID), cameraToken);
        try {
            roles.vertx().deployVerticle(camera).await(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The demo camera did not start", e);
        }
        return config.getString(DEMO_CAMERA_ID) + " posts " + rate + " images/s from "
            + DemoImages.source(dataset).toAbsolutePath().normalize();
    }

    public int httpPort() {
        return roles.httpPort();
    }

    /** The port of the process's metrics server. */
    public int metricsPort() {
        return roles.metricsPort();
    }

    /** The configuration in effect, with the embedded broker's address filled in. */
    public TrapstreamConfig config() {
        return config;
    }

    String banner() {
        String url = LocalAddress.url(config, roles.httpPort());
        Path data = config.dataDir().toAbsolutePath().normalize();
        String kafka = config.getString(KAFKA_BOOTSTRAP_SERVERS)
            + (embeddedKafka ? "  (embedded, log in " + data.resolve("kafka") + ")" : "");
        return String.join(System.lineSeparator(),
            "",
            "Trapstream is running.",
            "  Review page    " + url + "/review",
            "  Ingest         POST " + url + "/api/v1/images  (headers X-Camera-Id, Authorization: Bearer TOKEN)",
            "  Health         " + url + "/health",
            "  Metrics        " + LocalAddress.url(config, roles.metricsPort()) + MetricsServerVerticle.PATH,
            "  Kafka          " + kafka,
            "  Data           " + data + "  (images, models, labels)",
            "  Demo camera    " + demoCamera,
            tokens(),
            "Press Ctrl-C to stop.",
            "");
    }

    /** The session's secrets, one a line, or where the configured ones come from. */
    private String tokens() {
        List<String> lines = new ArrayList<>();
        lines.add("  Tokens         " + (sessionTokens.isEmpty() && cameraToken == null
            ? "from " + PEOPLE + " and " + INGEST_DEVICES
            : "made for this session only (set " + PEOPLE + " and " + INGEST_DEVICES + " to choose your own)"));
        sessionTokens.forEach((role, token) -> lines.add(String.format("    %-12s %s%s", role.code(), token,
            role == AccessRole.LABELER ? "  (for the review page)" : "")));
        if (cameraToken != null) {
            lines.add(String.format("    %-12s %s  (uploads as %s)", "camera", cameraToken,
                config.getString(DEMO_CAMERA_ID)));
        }
        return String.join(System.lineSeparator(), lines);
    }

    /** The secret {@code run} made for a role, when the configuration named no people. */
    public Optional<String> sessionToken(AccessRole role) {
        return Optional.ofNullable(sessionTokens.get(role));
    }

    /** Stops the roles first (they commit their offsets), then the broker they were talking to. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Stopping Trapstream");
        while (!stops.isEmpty()) {
            stops.pop().run();
        }
        LOG.info("Trapstream stopped");
    }
}
