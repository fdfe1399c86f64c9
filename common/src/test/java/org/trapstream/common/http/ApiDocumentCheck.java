package org.trapstream.common.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import org.trapstream.common.role.RoleHost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks a running process's OpenAPI document against what it really serves: the document is valid OpenAPI 3.1
 * (validated by Vert.x OpenAPI against the specification's own schema, its references resolved; the rules that
 * schema cannot express are checked here), every {@code /api} route of the real router is described, and every
 * described operation is served. A failure lists each difference on a line of its own, as {@code METHOD /path}, so
 * whoever adds a route sees what to describe in the role's {@code openapi.json}.
 *
 * <p>Routes without a method that match a path prefix (a body handler for everything under a path, say) are
 * middleware, not operations, and are not compared; a route without a method on an exact path is an operation of
 * every method and must be described with at least one.
 */
public final class ApiDocumentCheck {

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
        "trace");
    private static final String ANY = "ANY";
    private static final String API = "/api/";
    /** Where the document's schemas are filed for validation; any absolute URI would do. */
    private static final String DOCUMENT_URI = "app:///openapi.json";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiDocumentCheck() {
    }

    /** Fetches the document the way a client does: without a credential. */
    public static JsonObject fetch(int port) {
        HttpResponse<String> response = get(port, ApiDocument.PATH);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return new JsonObject(response.body());
    }

    /** Asserts the served document is valid and describes exactly the operations {@code host} serves. */
    public static JsonObject assertDescribesServedRoutes(RoleHost host) {
        JsonObject document = fetch(host.httpPort());
        assertValid(host.vertx(), document);
        Set<String> served = servedOperations(host.httpRoutes());
        Set<String> described = describedOperations(document);
        List<String> undescribed = served.stream()
            .filter(op -> pathOf(op).startsWith(API))
            .filter(op -> !described.contains(op) && !(op.startsWith(ANY + " ") && anyMethodOf(described, op)))
            .toList();
        List<String> unserved = described.stream()
            .filter(op -> !served.contains(op) && !served.contains(ANY + " " + pathOf(op)))
            .toList();
        if (!undescribed.isEmpty() || !unserved.isEmpty()) {
            fail("The API document and the routes disagree.\n"
                + "Served but not described (add them to the role's openapi.json):\n  "
                + (undescribed.isEmpty() ? "(none)" : String.join("\n  ", undescribed))
                + "\nDescribed but not served (remove them, or mount the route):\n  "
                + (unserved.isEmpty() ? "(none)" : String.join("\n  ", unserved)));
        }
        return document;
    }

    /**
     * Asserts the document is OpenAPI 3.1 by the specification's schema, and keeps the rules the schema cannot:
     * each path template's parameters are declared, operation ids are unique, and every operation that needs a
     * credential says what a refusal looks like (401).
     */
    public static void assertValid(Vertx vertx, JsonObject document) {
        OpenAPIVersion version = OpenAPIVersion.fromContract(document);
        assertEquals(OpenAPIVersion.V3_1, version, document.getString("openapi"));
        SchemaRepository specification = await(version.getRepository(vertx, DOCUMENT_URI));
        OutputUnit result = await(version.validateContract(vertx, specification, document.copy()));
        assertTrue(result.getValid(), () -> "not valid OpenAPI 3.1: " + result.getErrors());
        await(version.resolve(vertx, specification, document.copy())); // fails on a $ref to nothing
        Set<String> operationIds = new TreeSet<>();
        List<String> faults = new ArrayList<>();
        JsonArray defaultSecurity = document.getJsonArray("security", new JsonArray());
        document.getJsonObject("paths").forEach(path -> {
            JsonObject item = (JsonObject) path.getValue();
            item.forEach(entry -> {
                if (!METHODS.contains(entry.getKey())) {
                    return;
                }
                JsonObject operation = (JsonObject) entry.getValue();
                String name = entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                if (!operationIds.add(operation.getString("operationId", name))) {
                    faults.add(name + ": operationId " + operation.getString("operationId") + " is used twice");
                }
                Set<String> declared = pathParameters(document, item, operation);
                Matcher template = TEMPLATE.matcher(path.getKey());
                while (template.find()) {
                    if (!declared.remove(template.group(1))) {
                        faults.add(name + ": path parameter " + template.group(1) + " is not declared");
                    }
                }
                declared.forEach(extra -> faults.add(name + ": declares path parameter " + extra + " not in its path"));
                boolean needsCredential = !operation.getJsonArray("security", defaultSecurity).isEmpty();
                if (needsCredential && !operation.getJsonObject("responses").containsKey("401")) {
                    faults.add(name + ": needs a credential but describes no 401");
                }
            });
        });
        assertTrue(faults.isEmpty(), String.join("\n", faults));
    }

    /**
     * Asserts the answer is a problem detail of {@code status} and {@code code} for a request to {@code path}, and
     * that it fits the {@code Problem} schema of the served document.
     */
    public static JsonObject assertProblem(JsonObject document, int status, String contentType, String body,
                                           int expectedStatus, String code, String path) {
        assertEquals(expectedStatus, status, body);
        assertEquals(Problem.CONTENT_TYPE, contentType, body);
        JsonObject problem = new JsonObject(body);
        assertEquals(Problem.TYPE_PREFIX + code, problem.getString("type"), body);
        assertEquals(code, problem.getString(Problem.CODE), body);
        assertEquals(expectedStatus, problem.getInteger("status"), body);
        assertEquals(path, problem.getString("instance"), body);
        assertFalse(problem.getString("title", "").isBlank(), body);
        assertFalse(problem.getString("detail", "").isBlank(), body);
        SchemaRepository schemas = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
            .setBaseUri(DOCUMENT_URI)).dereference(DOCUMENT_URI, JsonSchema.of(document));
        OutputUnit result = schemas.validator(JsonSchema.of(
            new JsonObject().put("$ref", DOCUMENT_URI + "#/components/schemas/Problem"))).validate(problem);
        assertTrue(result.getValid(),
            () -> body + " does not fit the document's Problem schema: " + result.getErrors());
        return problem;
    }

    /** {@link #assertProblem(JsonObject, int, String, String, int, String, String)} of a JDK client's response. */
    public static JsonObject assertProblem(JsonObject document, HttpResponse<String> response, int expectedStatus,
                                           String code, String path) {
        return assertProblem(document, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
            response.body(), expectedStatus, code, path);
    }

    /** {@code GET /path} without a credential. */
    public static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code METHOD /path/{param}} of every operation the router serves. */
    static Set<String> servedOperations(List<Route> routes) {
        Set<String> served = new TreeSet<>();
        for (Route route : routes) {
            String path = route.getPath();
            if (path == null) { // a pattern of its own (pathRegex): no template to compare
                continue;
            }
            String template = VERTX_PARAM.matcher(path).replaceAll("{$1}");
            if (route.methods() == null || route.methods().isEmpty()) {
                if (route.isExactPath()) {
                    served.add(ANY + " " + template);
                }
                continue;
            }
            for (HttpMethod method : route.methods()) {
                served.add(method.name() + " " + template);
            }
        }
        return served;
    }

    /** {@code METHOD /path} of every operation the document describes, under {@code /api} or not. */
    static Set<String> describedOperations(JsonObject document) {
        Set<String> described = new TreeSet<>();
        document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames().stream()
            .filter(METHODS::contains)
            .forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return described;
    }

    private static boolean anyMethodOf(Set<String> described, String anyOperation) {
        return described.stream().anyMatch(op -> pathOf(op).equals(pathOf(anyOperation)));
    }

    private static String pathOf(String operation) {
        return operation.substring(operation.indexOf(' ') + 1);
    }

    /** The names of the path parameters an operation declares, itself or on its path item, $refs followed. */
    private static Set<String> pathParameters(JsonObject document, JsonObject item, JsonObject operation) {
        Set<String> names = new TreeSet<>();
        for (JsonArray parameters : List.of(item.getJsonArray("parameters", new JsonArray()),
            operation.getJsonArray("parameters", new JsonArray()))) {
            for (Object p : parameters) {
                JsonObject parameter = resolve(document, (JsonObject) p);
                if ("path".equals(parameter.getString("in"))) {
                    assertTrue(parameter.getBoolean("required", false), parameter.encode() + " must be required");
                    names.add(parameter.getString("name"));
                }
            }
        }
        return names;
    }

    private static JsonObject resolve(JsonObject document, JsonObject maybeRef) {
        String ref = maybeRef.getString("$ref");
        if (ref == null) {
            return maybeRef;
        }
        assertTrue(ref.startsWith("#/"), "only local references are resolved here: " + ref);
        JsonObject target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.getJsonObject(part);
            assertTrue(target != null, "dangling reference " + ref);
        }
        return target;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 30 s", e);
        }
    }
}
