package org.trapstream.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers of the dashboard's API; they describe live state, so no cache keeps them. */
final class JsonResponses {

    static void send(RoutingContext ctx, int status, JsonObject body) {
        end(ctx, status, body.encode());
    }

    static void send(RoutingContext ctx, int status, JsonArray body) {
        end(ctx, status, body.encode());
    }

    private static void end(RoutingContext ctx, int status, String json) {
        ctx.response()
            .setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(json);
    }

    private JsonResponses() {
    }
}
