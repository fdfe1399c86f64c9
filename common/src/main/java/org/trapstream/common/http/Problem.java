package org.trapstream.common.http;

import java.util.Locale;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one shape of every error the HTTP API answers: an RFC 9457 problem detail,
 * {@code application/problem+json} with {@code type}, {@code title}, {@code status}, {@code detail} and
 * {@code instance}, plus the extension member {@code code}, the short machine-readable code
 * ({@code unknown_image}, {@code too_large}, a reject reason's code) that clients branch on.
 *
 * <p>The type is {@code urn:trapstream:problem:CODE}: a name, not a locator, so nothing tempts a client to fetch it;
 * the OpenAPI document lists the codes. The title is derived from the code alone, so it is the same for every
 * occurrence of a type, as the RFC asks; the detail says what went wrong with this request.
 */
public final class Problem {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:trapstream:problem:";
    /** The extension member with the machine-readable code. */
    public static final String CODE = "code";

    private Problem() {
    }

    /**
     * The problem detail for a request to {@code instance} (its path) that failed with {@code status}; callers may
     * add extension members (an image id) to the object returned.
     */
    public static JsonObject of(int status, String code, String detail, String instance) {
        return new JsonObject()
            .put("type", TYPE_PREFIX + code)
            .put("title", title(code))
            .put("status", status)
            .put("detail", detail)
            .put("instance", instance)
            .put(CODE, code);
    }

    /** Answers the request with the problem detail of {@code status} and {@code code}. */
    public static Future<Void> send(RoutingContext ctx, int status, String code, String detail) {
        return send(ctx, of(status, code, detail, ctx.request().path()));
    }

    /** Answers the request with {@code problem}, whose {@code status} member is the answer's status. */
    public static Future<Void> send(RoutingContext ctx, JsonObject problem) {
        return ctx.response()
            .setStatusCode(problem.getInteger("status"))
            .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(problem.encode());
    }

    /** {@code unknown_image} reads "Unknown image". */
    static String title(String code) {
        String words = code.replace('_', ' ');
        return words.isEmpty() ? words : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
