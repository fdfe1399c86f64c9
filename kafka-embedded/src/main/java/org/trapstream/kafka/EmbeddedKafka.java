package org.trapstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM on 127.0.0.1.
 *
 * <p>Used by {@code trapstream run} so that a laptop needs nothing but Java, and by the tests of every
 * module as a real broker. Storage is formatted on first start only, so a restart on the same
 * {@code logDir} keeps its topics and records. Topics are never auto-created: Trapstream creates its own
 * with explicit settings.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /**
     * Largest record the broker accepts. Image topics carry up to 16 MiB images plus headers
     * ({@code Topics.MAX_IMAGE_RECORD_BYTES} in common, which this module does not depend on).
     */
    public static final int MAX_MESSAGE_BYTES = 17 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final long READY_TIMEOUT_SECONDS = 60;
    /** Name of the optional authenticated listener. */
    private static final String SASL_LISTENER = "SASL";

    private static EmbeddedKafka shared;

    static {
        // The broker asks Log4j 2 for a logger context (its dynamic log-level controller). Without Log4j's core
        // on the classpath that prints an error at every start; Log4j's own simple context stays quiet below
        // ERROR. Everything else the broker logs goes through SLF4J.
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }

    private final KafkaRaftServer server;
    private final Path logDir;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, String bootstrapServers) {
        this.server = server;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker whose data lives in {@code logDir} (created and formatted when new) and returns once
     * it answers client requests.
     *
     * @param port client port on 127.0.0.1; 0 picks a free one
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        int clientPort = port == 0 ? freePort() : port;
        return start(logDir, clientPort, brokerProperties(logDir.toAbsolutePath(), clientPort, freePort()),
            HOST + ":" + clientPort);
    }

    /**
     * Starts a broker that also has a {@code SASL_PLAINTEXT} listener on a free port accepting one PLAIN user:
     * for tests of authenticated clients. {@link #bootstrapServers()} names that listener; the plain one stays
     * for the broker's own use (readiness check, inter-broker traffic).
     */
    public static EmbeddedKafka startWithSaslPlain(Path logDir, String username, String password) {
        if (!username.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("The user name becomes part of a JAAS option name: letters, digits, _");
        }
        int clientPort = freePort();
        int saslPort = freePort();
        Properties props = brokerProperties(logDir.toAbsolutePath(), clientPort, freePort());
        props.put("listeners", props.getProperty("listeners") + "," + SASL_LISTENER + "://" + HOST + ":" + saslPort);
        props.put("advertised.listeners",
            props.getProperty("advertised.listeners") + "," + SASL_LISTENER + "://" + HOST + ":" + saslPort);
        props.put("listener.security.protocol.map",
            props.getProperty("listener.security.protocol.map") + "," + SASL_LISTENER + ":SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name." + SASL_LISTENER.toLowerCase() + ".plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + username + "="
                + jaasQuoted(password) + ";");
        return start(logDir, clientPort, props, HOST + ":" + saslPort);
    }

    private static EmbeddedKafka start(Path logDir, int clientPort, Properties props, String bootstrapServers) {
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(props);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka log directory " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, bootstrapServers);
        try {
            server.startup();
            awaitReady(HOST + ":" + clientPort);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Embedded Kafka broker ready on {} (data in {})", kafka.bootstrapServers,
            logDir.toAbsolutePath().normalize());
        return kafka;
    }

    /**
     * One broker per JVM for tests, in a temporary directory on a free port; started on first use and
     * stopped (its directory deleted) when the JVM exits.
     */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("trapstream-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary Kafka log directory", e);
            }
            EmbeddedKafka kafka = start(dir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                deleteRecursively(dir);
            }, "embedded-kafka-shutdown"));
            shared = kafka;
        }
        return shared;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker and waits until it has flushed and released its log directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers);
    }

    private static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", String.valueOf(NODE_ID)),
            Map.entry("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort),
            Map.entry("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", logDir.toString()),
            Map.entry("num.partitions", "1"),
            Map.entry("auto.create.topics.enable", "false"),
            // One node: every internal topic has a single replica.
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            // Fewer offset partitions: the first consumer group on a fresh broker is ready sooner.
            Map.entry("offsets.topic.num.partitions", "5"),
            // Tests and the demo start consumers one after the other; do not hold the first join back.
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES)),
            Map.entry("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES)),
            // The compaction buffer defaults to 128 MiB of heap; one compacted topic needs far less.
            Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024))));
        return props;
    }

    /** Formats a new log directory, as {@code kafka-storage.sh format} does, without exiting the JVM. */
    private static void format(Properties props) throws IOException {
        Path configFile = Files.createTempFile("trapstream-kafka-", ".properties");
        try {
            try (Writer writer = Files.newBufferedWriter(configFile)) {
                props.store(writer, "Trapstream embedded broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            String[] args = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()};
            int exitCode;
            try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = StorageTool.execute(args, printer);
            }
            if (exitCode != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed (" + exitCode + "): "
                    + output.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(configFile);
        }
    }

    /** The broker is ready once a client of its plain listener can describe the cluster and sees this node. */
    private static void awaitReady(String bootstrapServers) {
        Map<String, Object> adminConfig = Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(READY_TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(adminConfig)) {
            int nodes = admin.describeCluster().nodes().get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            if (nodes == 0) {
                throw new IllegalStateException("Embedded Kafka broker reports no nodes");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Embedded Kafka broker on " + bootstrapServers + " did not become ready", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    /** A JAAS string literal (backslash escapes); common's KafkaClients quotes client logins the same way. */
    private static String jaasQuoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit: a leftover temp directory is harmless.
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + ", " + logDir + "]";
    }
}
