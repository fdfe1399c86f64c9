package org.trapstream.common.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;
import org.trapstream.common.role.RoleHost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.http.ApiDocumentCheck.assertProblem;

/**
 * The process's API document: what every process serves plus each role's description, checked against the real
 * router; and the router's own failures (no such path, no such method, a body too large, a handler that failed),
 * answered as problem details of the shape the document gives.
 */
class ApiDocumentTest {

    private static final TrapstreamConfig CONFIG = TrapstreamConfig.of(
        ConfigDef.compose(GeneralSettings.DEFINITION, HttpSettings.DEFINITION),
        Map.of(HttpSettings.HTTP_PORT, "0", HttpSettings.METRICS_PORT, "0",
            GeneralSettings.DATA_DIR, System.getProperty("java.io.tmpdir")));
    private static final int SAMPLE_BODY_LIMIT = 64;

    /** A role of the tests: it serves some routes and describes some. */
    private record SampleRole(HttpRoutes routes, List<String> descriptions) implements Role {

        @Override
        public String name() {
            return "sample";
        }

        @Override
        public KafkaAccess kafkaAccess() {
            return new KafkaAccess(Set.of(), Set.of(), Optional.empty());
        }

        @Override
        public Future<Void> deploy(Vertx vertx, RoleContext context) {
            context.addRoutes(routes);
            descriptions.forEach(name -> context.api().describe(ApiDocumentTest.class, name));
            return Future.succeededFuture();
        }
    }

    private static void sampleRoutes(Router router) {
        router.get("/api/v1/samples/:sample_id").handler(ctx -> {
            if ("broken".equals(ctx.pathParam("sample_id"))) {
                ctx.fail(new IllegalStateException("a handler's bug"));
            } else {
                ctx.json(new JsonObject().put("id", ctx.pathParam("sample_id")));
            }
        });
        router.post("/api/v1/samples").handler(BodyHandler.create(false).setBodyLimit(SAMPLE_BODY_LIMIT))
            .handler(ctx -> ctx.response().setStatusCode(201).end());
    }

    private static RoleHost start(HttpRoutes routes, String... descriptions) {
        return RoleHost.start(CONFIG, List.of(new SampleRole(routes, List.of(descriptions))));
    }

    @Test
    void theDocumentIsValidAndDescribesExactlyTheServedRoutes() {
        try (RoleHost host = start(ApiDocumentTest::sampleRoutes, "sample-openapi.json")) {
            JsonObject document = ApiDocumentCheck.assertDescribesServedRoutes(host);

            assertEquals(Set.of("/health", "/health/live", ApiDocument.PATH,
                "/api/v1/samples/{sample_id}", "/api/v1/samples"), document.getJsonObject("paths").fieldNames());
            assertTrue(document.getJsonObject("components").getJsonObject("schemas").containsKey("Problem"));
        }
    }

    @Test
    void aMismatchListsEachUndescribedRouteAndEachUnservedOperation() {
        HttpRoutes undescribed = router -> router.get("/api/v1/undescribed").handler(ctx -> ctx.end());
        try (RoleHost host = start(undescribed, "sample-openapi.json")) {
            AssertionFailedError mismatch = assertThrows(AssertionFailedError.class,
                () -> ApiDocumentCheck.assertDescribesServedRoutes(host));

            assertEquals("""
                The API document and the routes disagree.
                Served but not described (add them to the role's openapi.json):
                  GET /api/v1/undescribed
                Described but not served (remove them, or mount the route):
                  GET /api/v1/samples/{sample_id}
                  POST /api/v1/samples""", mismatch.getMessage());
        }
    }

    @Test
    void aPathTwoRolesDescribeFailsTheStart() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
            () -> start(ApiDocumentTest::sampleRoutes, "sample-openapi.json", "sample-twice-openapi.json").close());

        assertTrue(failure.getMessage().contains("sample-twice-openapi.json describes path /api/v1/samples"),
            failure.getMessage());
    }

    @Test
    void theRoutersOwnFailuresAreProblemDetails() {
        try (RoleHost host = start(ApiDocumentTest::sampleRoutes, "sample-openapi.json")) {
            JsonObject document = ApiDocumentCheck.fetch(host.httpPort());
            int port = host.httpPort();

            assertProblem(document, ApiDocumentCheck.get(port, "/api/v1/nothing-here"), 404, "not_found",
                "/api/v1/nothing-here");
            HttpResponse<String> wrongMethod = ApiDocumentCheck.send(request(port, "/health").DELETE());
            assertProblem(document, wrongMethod, 405, "method_not_allowed", "/health");
            assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("GET"),
                "a 405 says which methods the path answers: " + wrongMethod.headers().map());
            assertEquals("GET", ApiDocumentCheck.send(request(port, "/api/v1/samples/some-id").DELETE()).headers()
                .firstValue("Allow").orElse(""), "the methods of a route with a path parameter");
            assertProblem(document, ApiDocumentCheck.send(request(port, "/api/v1/samples")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(SAMPLE_BODY_LIMIT + 1)))),
                413, "content_too_large", "/api/v1/samples");
            assertProblem(document, ApiDocumentCheck.get(port, "/api/v1/samples/broken"), 500, "internal_error",
                "/api/v1/samples/broken");
            assertEquals(200, ApiDocumentCheck.get(port, "/api/v1/samples/fine").statusCode(), "still serving");
        }
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }
}
