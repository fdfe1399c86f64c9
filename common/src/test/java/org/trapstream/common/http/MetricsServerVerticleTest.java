package org.trapstream.common.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.metrics.Metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics are served on their own port and only there; the API server no longer answers {@code /metrics}. */
class MetricsServerVerticleTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry registry = Metrics.newRegistry();
    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static TrapstreamConfig config(String httpPort, String metricsPort) {
        return TrapstreamConfig.of(HttpSettings.DEFINITION,
            Map.of(HttpSettings.HTTP_PORT, httpPort, HttpSettings.METRICS_PORT, metricsPort));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAnswerOnTheirOwnPortAndNotOnTheApiPort() throws Exception {
        TrapstreamConfig config = config("0", "0");
        HttpServerVerticle api = new HttpServerVerticle(config, registry, new Health(), List.of());
        MetricsServerVerticle metrics = new MetricsServerVerticle(config, registry);
        await(vertx.deployVerticle(api));
        await(vertx.deployVerticle(metrics));
        registry.counter("camtrap.test.scrapes").increment();

        HttpResponse<String> scraped = get(metrics.actualPort(), "/metrics");
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(scraped.body().contains("camtrap_test_scrapes_total 1.0"), scraped.body());
        assertTrue(scraped.body().contains("camtrap_build_info{"), scraped.body());

        assertEquals(404, get(api.actualPort(), "/metrics").statusCode());
        assertEquals(404, get(metrics.actualPort(), "/health").statusCode());
    }

    @Test
    void theMetricsPortMayNotBeTheApiPort() {
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> await(vertx.deployVerticle(new MetricsServerVerticle(config("9911", "9911"), registry))));
        assertInstanceOf(ConfigException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("metrics.port (9911) must differ from http.port"),
            failure.getCause().getMessage());
    }
}
