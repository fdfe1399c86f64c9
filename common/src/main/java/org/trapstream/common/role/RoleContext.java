package org.trapstream.common.role;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.http.ApiDocument;
import org.trapstream.common.http.Health;
import org.trapstream.common.http.HttpRoutes;

/**
 * What a role gets from the process it runs in: the configuration, the one meter registry, the health
 * registry, the list its HTTP routes go into (served by the process's one HTTP server, started after
 * every role has been deployed) and the API document those routes are described in.
 */
public final class RoleContext {

    private final TrapstreamConfig config;
    private final PrometheusMeterRegistry registry;
    private final Health health = new Health();
    private final List<HttpRoutes> routes = new CopyOnWriteArrayList<>();
    private final ApiDocument api = new ApiDocument();

    public RoleContext(TrapstreamConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    public TrapstreamConfig config() {
        return config;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Health health() {
        return health;
    }

    public void addRoutes(HttpRoutes r) {
        routes.add(r);
    }

    public List<HttpRoutes> routes() {
        return List.copyOf(routes);
    }

    /** The OpenAPI document of the process's HTTP API, which each role adds its routes' description to. */
    public ApiDocument api() {
        return api;
    }
}
