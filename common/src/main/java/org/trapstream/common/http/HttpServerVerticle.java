package org.trapstream.common.http;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
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
    private static final Pattern PATH_PARAM = Pattern.compile(":[A-Za-z0-9_]+");

    private final TrapstreamConfig config;
    private final PrometheusMeterRegistry registry;
    private final Health health;
    private final List<HttpRoutes> routes;
    private HttpServer server;
    private Router router;

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
        router = Router.router(vertx);
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
        answerFailuresAsProblems(router);
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

    /**
     * What the router answers itself (no route for the path, none for the method, a body handler's limit, a handler
     * that failed) goes out as a problem detail, as every handler's own errors do.
     */
    private static void answerFailuresAsProblems(Router router) {
        answerFailure(router, 400, "bad_request", path -> "the request is malformed");
        answerFailure(router, 404, "not_found", path -> "nothing is served at " + path);
        answerFailure(router, 405, "method_not_allowed", path -> path + " does not answer this method");
        answerFailure(router, 413, "content_too_large", path -> "the body is larger than " + path + " accepts");
        answerFailure(router, 415, "unsupported_media_type",
            path -> path + " does not take a body of this Content-Type");
        answerFailure(router, 500, "internal_error", path -> "the server failed to answer; the failure is logged");
    }

    private static void answerFailure(Router router, int status, String code, UnaryOperator<String> detail) {
        router.errorHandler(status, ctx -> {
            if (ctx.failure() != null && status == 500) {
                LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
            if (ctx.response().headWritten()) {
                ctx.request().connection().close(); // too late for a problem: the client sees the answer cut short
                return;
            }
            if (status == 405) {
                ctx.response().putHeader(HttpHeaders.ALLOW, allowedMethods(router, ctx.request().path()));
            }
            Problem.send(ctx, status, code, detail.apply(ctx.request().path()));
        });
    }

    /** The methods the routes at {@code path} answer, for a 405's {@code Allow} header (RFC 9110 asks for it). */
    private static String allowedMethods(Router router, String path) {
        return router.getRoutes().stream()
            .filter(route -> route.methods() != null && route.getPath() != null && serves(route, path))
            .flatMap(route -> route.methods().stream())
            .map(HttpMethod::name)
            .distinct()
            .sorted()
            .collect(Collectors.joining(", "));
    }

    private static boolean serves(Route route, String path) {
        if (!route.isExactPath()) {
            return path.startsWith(route.getPath());
        }
        String pattern = "\\Q" + PATH_PARAM.matcher(route.getPath()).replaceAll("\\\\E[^/]+\\\\Q") + "\\E";
        return Pattern.matches(pattern, path);
    }

    /** The routes it serves, in the order its router tries them. */
    public List<Route> servedRoutes() {
        return router.getRoutes();
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
