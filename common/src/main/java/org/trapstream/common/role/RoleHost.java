package org.trapstream.common.role;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.HttpServerVerticle;
import org.trapstream.common.http.MetricsServerVerticle;
import org.trapstream.common.io.SerialFilter;
import org.trapstream.common.metrics.Metrics;

/**
 * One Vert.x instance with some roles deployed in it and the process's HTTP servers in front of them. The
 * roles share one {@link RoleContext}: one meter registry, one health registry, one router.
 *
 * <p>It lives beside {@link Role} rather than in the launcher so that each role's tests deploy the role exactly
 * as the launcher does; the launcher depends on the roles, so they could not reach it there.
 */
public final class RoleHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleHost.class);
    /** Generous: a classifier may load a model, a trainer may read its labels before it is ready. */
    private static final long START_TIMEOUT_SECONDS = 180;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final RoleContext context;
    private final HttpServerVerticle http;
    private final int metricsPort;

    private RoleHost(Vertx vertx, RoleContext context, Servers servers) {
        this.vertx = vertx;
        this.context = context;
        this.http = servers.http();
        this.metricsPort = servers.metricsPort();
    }

    private record Servers(HttpServerVerticle http, int metricsPort) {
    }

    /**
     * Deploys the roles one after the other, then the HTTP server with every route they registered and the API
     * document that describes them, and the metrics server.
     * Blocks until all are up; if any fails, whatever started is stopped again and the failure is thrown.
     * Sets the process's deserialization filter first, unless the JVM was started with one ({@link SerialFilter}).
     */
    public static RoleHost start(TrapstreamConfig config, List<Role> roles) {
        SerialFilter.installIfAbsent();
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Metrics.bindDataVolume(registry, config.dataDir());
        RoleContext context = new RoleContext(config, registry);
        Future<Void> deployed = Future.succeededFuture();
        for (Role role : roles) {
            deployed = deployed.compose(v -> deploy(vertx, role, context));
        }
        Future<Servers> serving = deployed.compose(v -> {
            List<HttpRoutes> routes = new ArrayList<>(context.routes());
            routes.add(context.api());
            HttpServerVerticle http = new HttpServerVerticle(config, registry, context.health(), routes);
            MetricsServerVerticle metrics = new MetricsServerVerticle(config, registry);
            return vertx.deployVerticle(http).compose(id -> vertx.deployVerticle(metrics))
                .map(id -> new Servers(http, metrics.actualPort()));
        });
        boolean started = false;
        try {
            RoleHost host = new RoleHost(vertx, context, serving.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            started = true;
            return host;
        } catch (TimeoutException e) {
            throw new IllegalStateException("Roles did not start within " + START_TIMEOUT_SECONDS + " s", e);
        } finally {
            if (!started) {
                closeQuietly(vertx);
            }
        }
    }

    private static Future<Void> deploy(Vertx vertx, Role role, RoleContext context) {
        return role.deploy(vertx, context)
            .onSuccess(v -> LOG.info("Role {} started", role.name()))
            .recover(e -> Future.failedFuture(
                new IllegalStateException("Role " + role.name() + " failed to start: " + e.getMessage(), e)));
    }

    public Vertx vertx() {
        return vertx;
    }

    /** What the roles share: their settings, meter registry, health registry and routes. */
    public RoleContext context() {
        return context;
    }

    /** The port the HTTP server bound (the configured one, or the one picked for port 0). */
    public int httpPort() {
        return http.actualPort();
    }

    /** The routes the HTTP server serves, as its router holds them. */
    public List<Route> httpRoutes() {
        return http.servedRoutes();
    }

    /** The port the metrics server bound (the configured one, or the one picked for port 0). */
    public int metricsPort() {
        return metricsPort;
    }

    /** Undeploys every role (they finish their work in flight and commit their offsets), then stops Vert.x. */
    @Override
    public void close() {
        try {
            vertx.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Roles and HTTP server stopped");
        } catch (TimeoutException e) {
            LOG.warn("Roles did not stop within {} s", STOP_TIMEOUT_SECONDS);
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("Vert.x did not stop cleanly after a failed start: {}", e.toString());
        }
    }
}
