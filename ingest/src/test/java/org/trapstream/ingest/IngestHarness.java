package org.trapstream.ingest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.HttpServerVerticle;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.common.role.RoleContext;
import org.trapstream.kafka.EmbeddedKafka;

/**
 * A real ingest as the launcher runs it: the shared embedded broker with Trapstream's topics, the role
 * deployed in its own Vert.x, and the process's HTTP server on a free port, plus a client for it.
 */
final class IngestHarness implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    final Vertx vertx;
    final TrapstreamConfig config;
    final RoleContext context;
    final WebClient http;

    private IngestHarness(Vertx vertx, TrapstreamConfig config, RoleContext context, WebClient http) {
        this.vertx = vertx;
        this.config = config;
        this.context = context;
        this.http = http;
    }

    /** Starts ingest on {@code dataDir} in consumer group {@code groupId}; {@code settings} override the rest. */
    static IngestHarness start(Path dataDir, String groupId, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>();
        values.put(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        values.put(GeneralSettings.DATA_DIR, dataDir.toString());
        values.put(IngestConfig.INGEST_GROUP_ID, groupId);
        values.put(KafkaSettings.KAFKA_TOPIC_PARTITIONS, "3");
        values.putAll(settings);
        TrapstreamConfig config = TrapstreamConfig.of(IngestConfig.DEFINITION, values);
        TopicAdmin.ensureTopics(config);
        startNewGroupAtEnd(config, groupId);

        Vertx vertx = Vertx.vertx();
        RoleContext context = new RoleContext(config, Metrics.newRegistry());
        await(new IngestRole().deploy(vertx, context));
        HttpServerVerticle server = new HttpServerVerticle("127.0.0.1", 0, context.registry(), context.health(),
            context.routes());
        await(vertx.deployVerticle(server));
        WebClient http = WebClient.create(vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
        return new IngestHarness(vertx, config, context, http);
    }

    /**
     * Test classes share one broker and its raw topic, so a group new to it starts where the topic ends now
     * instead of at the records other tests left there. A group that committed before is left alone.
     */
    private static void startNewGroupAtEnd(TrapstreamConfig config, String groupId) {
        if (GroupOffsets.committed(config, groupId).isEmpty()) {
            GroupOffsets.commit(config, groupId, GroupOffsets.ends(config, Topics.IMAGES_RAW));
        }
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
        await(vertx.close());
    }
}
