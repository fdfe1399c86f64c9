package org.trapstream.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The OpenAPI 3.1 document of the HTTP API a process serves, at {@code GET /api/v1/openapi.json} (open, like the
 * health checks: it holds no data). It starts with what every process serves (health, metrics, this document, the
 * bearer scheme and the problem detail shape) and each role adds the description of its own routes
 * ({@link #describe}), so a process running several roles describes all of them and no more.
 *
 * <p>A role's description is a JSON resource beside its classes holding {@code paths}, {@code components} and
 * {@code tags} to add; a path or component two roles both describe is a mistake, refused when the role starts.
 */
public final class ApiDocument implements HttpRoutes {

    public static final String PATH = "/api/v1/openapi.json";
    private static final String BASE = "openapi.json";

    private final JsonObject document = read(ApiDocument.class, BASE);

    /** Adds the paths, components and tags of the resource {@code name} beside {@code owner}'s class file. */
    public synchronized void describe(Class<?> owner, String name) {
        JsonObject part = read(owner, name);
        String source = owner.getPackageName() + "/" + name;
        addAll(document.getJsonObject("paths"), part.getJsonObject("paths", new JsonObject()), "path", source);
        JsonObject components = document.getJsonObject("components");
        part.getJsonObject("components", new JsonObject()).forEach(kind -> {
            JsonObject into = components.getJsonObject(kind.getKey());
            if (into == null) {
                into = new JsonObject();
                components.put(kind.getKey(), into);
            }
            addAll(into, (JsonObject) kind.getValue(), kind.getKey(), source);
        });
        document.getJsonArray("tags").addAll(part.getJsonArray("tags", new JsonArray()));
    }

    /** Serves the document as the roles described it when the server started. */
    @Override
    public void mount(Router router) {
        String encoded;
        synchronized (this) {
            encoded = document.encode();
        }
        router.get(PATH).handler(ctx -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(encoded));
    }

    private static void addAll(JsonObject into, JsonObject from, String kind, String source) {
        from.forEach(entry -> {
            if (into.containsKey(entry.getKey())) {
                throw new IllegalStateException(source + " describes " + kind + " " + entry.getKey()
                    + ", which another part of the API document describes already");
            }
            into.put(entry.getKey(), entry.getValue());
        });
    }

    private static JsonObject read(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("No API description " + name + " beside " + owner.getName());
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API description " + name, e);
        }
    }
}
