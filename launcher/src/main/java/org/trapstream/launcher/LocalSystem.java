package org.trapstream.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleHost;
import org.trapstream.kafka.EmbeddedKafka;

import static org.trapstream.common.config.KafkaSettings.KAFKA_BOOTSTRAP_SERVERS;
import static org.trapstream.dashboard.DashboardConfig.LABELER_TOKENS;
import static org.trapstream.launcher.SystemConfig.DEMO_CAMERA_ID;
import static org.trapstream.launcher.SystemConfig.DEMO_DATASET;
import static org.trapstream.launcher.SystemConfig.DEMO_RATE;
import static org.trapstream.launcher.SystemConfig.KAFKA_EMBEDDED_PORT;

/**
 * Everything {@code trapstream run} starts, in one process: the broker (embedded unless one is given), the
 * topics, a first model when there is none and a dataset to learn from, the four roles behind one HTTP
 * server, and the demo camera. Closing stops them in reverse order.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);
    private static final String LOCAL_LABELER = "local";

    /** How to stop what has started, newest first: the roles stop before the broker they talk to. */
    private final Deque<Runnable> stops = new ArrayDeque<>();
    private boolean closed;
    private TrapstreamConfig config;
    private boolean embeddedKafka;
    private RoleHost roles;
    private String demoCamera;
    private boolean localToken;

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
            if (config.getPassword(LABELER_TOKENS).isEmpty()) {
                // On this machine alone the review page should work out of the box: one token for the session.
                config = config.with(Map.of(LABELER_TOKENS, LOCAL_LABELER + ":" + newToken()));
                localToken = true;
            }
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

    private static String newToken() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private synchronized void onClose(Runnable stop) {
        if (closed) {
            stop.run();
            throw new IllegalStateException("Trapstream was stopped while starting");
        }
        stops.push(stop);
    }

    /** Deploys the demo camera when its rate is positive and the dataset has images; says what it did. */
    private static String startDemoCamera(TrapstreamConfig config, RoleHost roles) {
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
            config.getString(DEMO_CAMERA_ID));
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
            "  Review page    " + url + "/",
            "  Ingest         POST " + url + "/api/v1/images  (header X-Camera-Id)",
            "  Health         " + url + "/health",
            "  Metrics        " + url + "/metrics",
            "  Kafka          " + kafka,
            "  Data           " + data + "  (images, models, labels)",
            "  Demo camera    " + demoCamera,
            "  Labeler token  " + (localToken
                ? config.getPassword(LABELER_TOKENS).value().substring(LOCAL_LABELER.length() + 1)
                + "  (for the review page, this session only; set " + LABELER_TOKENS + " to choose your own)"
                : "from " + LABELER_TOKENS),
            "Press Ctrl-C to stop.",
            "");
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
