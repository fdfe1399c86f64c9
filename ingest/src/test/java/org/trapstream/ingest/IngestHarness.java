package org.trapstream.ingest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.MetricsServerVerticle;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.common.role.RoleContext;
import org.trapstream.common.role.RoleHost;

/**
 * A real ingest as the launcher runs it, through the launcher's {@link RoleHost}: the role and the process's HTTP
 * server on a free port, on the JVM's shared broker, plus a client for that server.
 */
final class IngestHarness implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;
    /** A gateway that may upload for every camera, for the tests that are not about credentials. */
    static final String GATEWAY_TOKEN = Secrets.generate();
    private static final String GATEWAY_HASH = SecretHash.of(GATEWAY_TOKEN, SecretHash.MIN_ITERATIONS).encoded();

    final TrapstreamConfig config;
    final RoleContext context;
    final WebClient http;
    /** The HTTP server's port, for clients on plain sockets. */
    final int port;
    /** The running role and its HTTP server, for checks of what it serves. */
    final RoleHost host;

    private IngestHarness(RoleHost host, TrapstreamConfig config) {
        this.host = host;
        this.config = config;
        this.context = host.context();
        this.port = host.httpPort();
        this.http = WebClient.create(host.vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(host.httpPort()));
    }

    /** Starts ingest on {@code dataDir} in consumer group {@code groupId}; {@code settings} override the rest. */
    static IngestHarness start(Path dataDir, String groupId, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        values.putIfAbsent(IngestConfig.INGEST_DEVICES, "gateway:test-gateway:*:" + GATEWAY_HASH);
        values.put(IngestConfig.INGEST_GROUP_ID, groupId);
        TrapstreamConfig config = TestKafka.config(IngestConfig.DEFINITION, dataDir, values);
        startNewGroupAtEnd(groupId);
        return new IngestHarness(RoleHost.start(config, List.of(new IngestRole())), config);
    }

    /**
     * Test classes share one broker and its raw topic, so a group new to it starts where the topic ends now
     * instead of at the records other tests left there. A group that committed before is left alone.
     */
    private static void startNewGroupAtEnd(String groupId) {
        if (TestKafka.committed(groupId, Topics.IMAGES_RAW).isEmpty()) {
            TestKafka.startGroupAtEnd(groupId, Topics.IMAGES_RAW);
        }
    }

    /** The process's Prometheus scrape, from its metrics server. */
    String scrape() {
        return await(http.get(host.metricsPort(), "127.0.0.1", MetricsServerVerticle.PATH).send()).bodyAsString();
    }

    /** An upload with the test gateway's credential. */
    HttpRequest<Buffer> upload() {
        return http.post(ImageUploadRoutes.PATH).bearerTokenAuthentication(GATEWAY_TOKEN);
    }

    static <T> T await(Future<T> future) {
        try {
            return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("No answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        host.close();
    }
}
