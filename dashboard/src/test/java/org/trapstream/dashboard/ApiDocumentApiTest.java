package org.trapstream.dashboard;

import java.net.http.HttpResponse;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.http.ApiDocument;
import org.trapstream.common.http.ApiDocumentCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.http.ApiDocumentCheck.assertProblem;
import static org.trapstream.dashboard.DashboardHarness.LABELER;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.feedbackBody;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/**
 * {@code GET /api/v1/openapi.json} of a running dashboard: valid OpenAPI 3.1 that describes exactly the routes its
 * router serves, and the errors those routes answer fit the problem detail shape it gives.
 */
class ApiDocumentApiTest extends DashboardApiTest {

    @Test
    void theDocumentDescribesExactlyTheDashboardsRoutes() {
        JsonObject document = ApiDocumentCheck.assertDescribesServedRoutes(dashboard.host());

        assertTrue(document.getJsonObject("paths").containsKey("/api/v1/feedback"));
        assertEquals("bearer", document.getJsonObject("components").getJsonObject("securitySchemes")
            .getJsonObject("bearer").getString("scheme"));
    }

    @Test
    void theDocumentDescribesTheSessionCookieBesideTheBearerToken() {
        JsonObject document = ApiDocumentCheck.fetch(dashboard.port());
        JsonObject session = document.getJsonObject("components").getJsonObject("securitySchemes")
            .getJsonObject("session");

        assertEquals("apiKey", session.getString("type"));
        assertEquals("cookie", session.getString("in"));
        assertEquals(AccessGuard.SESSION_COOKIE, session.getString("name"));
        assertEquals(AccessGuard.CSRF_HEADER, document.getJsonObject("components").getJsonObject("parameters")
            .getJsonObject("CsrfToken").getString("name"));
    }

    @Test
    void theDocumentNeedsNoCredential() {
        HttpResponse<String> response = dashboard.get(ApiDocument.PATH, null);

        assertEquals(200, response.statusCode());
        assertEquals("3.1.0", new JsonObject(response.body()).getString("openapi"));
    }

    @Test
    void everyKindOfErrorIsAProblemDetailOfTheDocumentedShape() {
        JsonObject document = ApiDocumentCheck.fetch(dashboard.port());
        String unknown = unknownImageId();

        assertProblem(document, dashboard.get("/api/v1/stats", null), 401, "credential_required",
            "/api/v1/stats");
        assertProblem(document, dashboard.postFeedback(VIEWER_TOKEN, feedbackBody(unknown, "moonrat")), 403,
            "forbidden", "/api/v1/feedback");
        assertProblem(document, dashboard.get("/api/v1/images/" + unknown), 404, "unknown_image",
            "/api/v1/images/" + unknown);
        assertProblem(document, dashboard.get("/api/v1/images/not-an-id"), 400, "invalid_image_id",
            "/api/v1/images/not-an-id");
        assertProblem(document, dashboard.get("/api/v1/review?limit=0"), 400, "invalid_limit", "/api/v1/review");
        assertProblem(document, dashboard.postFeedback(TOKEN, feedbackBody(unknown, "moonrat")), 404,
            "unknown_image", "/api/v1/feedback");
        assertProblem(document, dashboard.postFeedback(TOKEN, "x".repeat(5000)), 413, "content_too_large",
            "/api/v1/feedback");
        assertProblem(document, dashboard.get("/api/v1/no-such-thing"), 404, "not_found",
            "/api/v1/no-such-thing");
    }

    @Test
    void theErrorsOfSignInReviewThumbnailsLiveAndModelsAreProblemDetailsOfTheDocumentedShape() {
        JsonObject document = ApiDocumentCheck.fetch(dashboard.port());
        String unknown = unknownImageId();
        SessionApiTest.Browser browser = SessionApiTest.signIn(LABELER, TOKEN);

        assertProblem(document, dashboard.send("POST", "/api/v1/session", null, "Content-Type", "text/plain"), 415,
            "unsupported_media_type", "/api/v1/session");
        assertProblem(document, dashboard.send("POST", "/api/v1/session",
            new JsonObject().put("name", LABELER).put("secret", "not-the-secret").encode()), 401,
            "invalid_credential", "/api/v1/session");
        assertProblem(document, dashboard.send("POST", "/api/v1/review/skip",
            new JsonObject().put("image_id", unknown).encode(), "Cookie", browser.cookie()), 403,
            "csrf_token_required", "/api/v1/review/skip");
        assertProblem(document, dashboard.post("/api/v1/review/skip", TOKEN,
            new JsonObject().put("image_id", unknown).encode()), 409, "lease_not_held", "/api/v1/review/skip");
        assertProblem(document, dashboard.post("/api/v1/review/next?min_confidence=2", TOKEN), 400,
            "invalid_filter", "/api/v1/review/next");
        assertProblem(document, dashboard.get("/api/v1/review?empty=maybe"), 400, "invalid_empty",
            "/api/v1/review");
        assertProblem(document, dashboard.get("/api/v1/images/" + unknown + "/thumbnail?size=7"), 400,
            "invalid_size", "/api/v1/images/" + unknown + "/thumbnail");
        assertProblem(document, dashboard.get("/api/v1/predictions/stream?min_confidence=high"), 400,
            "invalid_filter", "/api/v1/predictions/stream");
        assertProblem(document, dashboard.get("/api/v1/models/v0000001/charts/Not-A-Chart.svg"), 404,
            "unknown_chart", "/api/v1/models/v0000001/charts/Not-A-Chart.svg");
        assertProblem(document, dashboard.post("/api/v1/models/rollback", VIEWER_TOKEN), 403, "forbidden",
            "/api/v1/models/rollback");
    }
}
