package org.trapstream.common.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.vertx.core.json.JsonObject;

/**
 * Health of the components in this process. Each component registers a check that returns its status
 * as JSON with at least {@code "up": true|false}; {@code GET /health} answers 200 when all are up, else 503.
 * That makes it a readiness check; liveness ({@code GET /health/live}) deliberately consults none of them.
 */
public final class Health {

    private final Map<String, Supplier<JsonObject>> checks = new ConcurrentHashMap<>();

    public void register(String component, Supplier<JsonObject> check) {
        checks.put(component, check);
    }

    public JsonObject report() {
        JsonObject components = new JsonObject();
        boolean up = true;
        for (Map.Entry<String, Supplier<JsonObject>> check : checks.entrySet()) {
            JsonObject status;
            try {
                status = check.getValue().get();
            } catch (RuntimeException e) {
                status = new JsonObject().put("up", false).put("error", e.toString());
            }
            up &= status.getBoolean("up", false);
            components.put(check.getKey(), status);
        }
        return new JsonObject().put("status", up ? "UP" : "DOWN").put("components", components);
    }
}
