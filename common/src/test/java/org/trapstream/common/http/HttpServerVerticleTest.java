package org.trapstream.common.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.metrics.Metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Readiness ({@code /health}) follows the components; liveness ({@code /health/live}) only needs the process. */
class HttpServerVerticleTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
    private Vertx vertx;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        Health health = new Health();
        health.register("kafka", () -> new JsonObject().put("up", kafkaUp.get()));
        HttpServerVerticle server = new HttpServerVerticle(
            TrapstreamConfig.of(HttpSettings.DEFINITION, Map.of(HttpSettings.HTTP_PORT, "0")),
            Metrics.newRegistry(), health, List.of());
        await(vertx.deployVerticle(server));
        port = server.actualPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDependencyOutageMakesTheProcessUnreadyButNotDead() throws Exception {
        assertEquals(200, get("/health").statusCode());

        kafkaUp.set(false);

        HttpResponse<String> readiness = get("/health");
        assertEquals(503, readiness.statusCode());
        JsonObject kafka = new JsonObject(readiness.body()).getJsonObject("components").getJsonObject("kafka");
        assertFalse(kafka.getBoolean("up"));
        HttpResponse<String> liveness = get("/health/live");
        assertEquals(200, liveness.statusCode());
        assertEquals(new JsonObject().put("status", "UP"), new JsonObject(liveness.body()));
        assertEquals("application/json", liveness.headers().firstValue("Content-Type").orElse(""));
    }
}
