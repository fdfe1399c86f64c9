package org.trapstream.common.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * The process's metrics server: {@code GET /metrics} in Prometheus text on {@code metrics.port}, and nothing else
 * (404). A scrape renders every meter, the data volume's file-store gauges among them, so it runs on a worker
 * thread, not on the event loop.
 */
public final class MetricsServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServerVerticle.class);
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final TrapstreamConfig config;
    private final PrometheusMeterRegistry registry;
    private HttpServer server;

    /** Reads {@link HttpSettings#METRICS_PORT} and {@link HttpSettings#HTTP_HOST} of {@code config}. */
    public MetricsServerVerticle(TrapstreamConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        int port = config.getInt(HttpSettings.METRICS_PORT);
        if (port != 0 && port == config.getInt(HttpSettings.HTTP_PORT)) {
            return Future.failedFuture(new ConfigException(HttpSettings.METRICS_PORT + " (" + port
                + ") must differ from " + HttpSettings.HTTP_PORT + ": metrics have a server of their own"));
        }
        String host = config.getString(HttpSettings.HTTP_HOST);
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
            .requestHandler(this::handle)
            .listen(port, host)
            .onSuccess(s -> {
                server = s;
                LOG.info("Metrics on http://{}:{}{}", host, s.actualPort(), PATH);
            });
    }

    private void handle(HttpServerRequest request) {
        if (!PATH.equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        vertx.executeBlocking(registry::scrape, false).onComplete(scraped -> {
            if (scraped.succeeded()) {
                request.response().putHeader("Content-Type", CONTENT_TYPE).end(scraped.result());
            } else {
                LOG.warn("Scrape failed: {}", scraped.cause().toString());
                request.response().setStatusCode(500).end();
            }
        });
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
