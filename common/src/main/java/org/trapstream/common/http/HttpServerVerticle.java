package org.trapstream.common.http;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * The HTTP server of a process: {@code GET /health} (readiness: every component, Kafka included),
 * {@code GET /health/live} (liveness: the process answers) and the routes of every role running in it; metrics
 * have a server of their own ({@link MetricsServerVerticle}). The event loop only routes; handlers hand blocking work to workers. A
 * {@link ConnectionGuard} caps its connections and the time each request may take to arrive.
 */
public final class HttpServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
    private static final String LIVE = new JsonObject().put("status", "UP").encode();

    private final TrapstreamConfig config;
    private final PrometheusMeterRegistry registry;
    private final Health health;
    private final List<HttpRoutes> routes;
    private HttpServer server;

    /** Reads the {@link HttpSettings} keys of {@code config}. */
    public HttpServerVerticle(TrapstreamConfig config, PrometheusMeterRegistry registry, Health health,
                              List<HttpRoutes> routes) {
        this.config = config;
        this.registry = registry;
        this.health = health;
        this.routes = List.copyOf(routes);
    }

    @Override
    public Future<?> start() {
        ConnectionGuard guard = new ConnectionGuard(vertx, config.getInt(HttpSettings.HTTP_MAX_CONNECTIONS),
            config.getDuration(HttpSettings.HTTP_REQUEST_TIMEOUT), registry);
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            HttpConnection connection = ctx.request().connection();
            guard.requestBegun(ctx.request());
            ctx.addEndHandler(v -> guard.answered(connection));
            ctx.next();
        });
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
        routes.forEach(r -> r.mount(router));
        // h2c upgrades are refused: with them some clients (the JDK's HttpClient among them) got a 101 and then
        // no body; HTTP/1.1 is what Prometheus, cameras and browsers on plain HTTP speak.
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false)
            .setIdleTimeout((int) config.getDuration(HttpSettings.HTTP_IDLE_TIMEOUT).toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        String host = config.getString(HttpSettings.HTTP_HOST);
        return vertx.createHttpServer(options)
            .connectionHandler(guard::opened)
            .requestHandler(router)
            .listen(config.getInt(HttpSettings.HTTP_PORT), host)
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
