package org.trapstream.common.http;

import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a process: {@code GET /health} (readiness: every component, Kafka included),
 * {@code GET /health/live} (liveness: the process answers), {@code GET /metrics} (Prometheus text) and the routes
 * of every role running in it. The event loop only routes; handlers hand blocking work to workers.
 */
public final class HttpServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
    private static final String LIVE = new JsonObject().put("status", "UP").encode();

    private final String host;
    private final int port;
    private final PrometheusMeterRegistry registry;
    private final Health health;
    private final List<HttpRoutes> routes;
    private HttpServer server;

    public HttpServerVerticle(String host, int port, PrometheusMeterRegistry registry, Health health,
                              List<HttpRoutes> routes) {
        this.host = host;
        this.port = port;
        this.registry = registry;
        this.health = health;
        this.routes = List.copyOf(routes);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> {
            JsonObject report = health.report();
            ctx.response()
                .setStatusCode("UP".equals(report.getString("status")) ? 200 : 503)
                .putHeader("Content-Type", "application/json")
                .end(report.encodePrettily());
        });
        // Answered on the event loop and asking no component: a dependency's outage (Kafka) must make pods
        // unready, not restart them all; what liveness catches is a process whose event loop no longer answers.
        router.get("/health/live").handler(ctx -> ctx.response()
            .putHeader("Content-Type", "application/json")
            .end(LIVE));
        router.get("/metrics").handler(ctx -> ctx.response()
            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(registry.scrape()));
        routes.forEach(r -> r.mount(router));
        // h2c upgrades are refused: with them some clients (the JDK's HttpClient among them) got a 101 and then
        // no body from /metrics; HTTP/1.1 is what Prometheus, cameras and browsers on plain HTTP speak.
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
            .requestHandler(router)
            .listen(port, host)
            .onSuccess(s -> {
                server = s;
                LOG.info("HTTP on http://{}:{}/", host, s.actualPort());
            });
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /** Writes a JSON error body: {@code {"error": code, "message": text}}. */
    public static void fail(io.vertx.ext.web.RoutingContext ctx, int status, String code, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", code).put("message", message).encode());
    }
}
