package org.trapstream.dashboard;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.LABELER;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.feedbackBody;
import static org.trapstream.dashboard.DashboardHarness.prediction;

/** Sign-in to the pages: the session cookie, the CSRF token a cookie-authenticated change needs, sign-out. */
class SessionApiTest extends DashboardApiTest {

    /** A signed-in browser: its cookie header and the CSRF token its page read. */
    record Browser(String cookie, String csrfToken) {
    }

    static Browser signIn(String name, String secret) {
        HttpResponse<String> response = dashboard.send("POST", "/api/v1/session",
            new JsonObject().put("name", name).put("secret", secret).encode());
        assertEquals(201, response.statusCode(), response.body());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return new Browser(setCookie.substring(0, setCookie.indexOf(';')),
            new JsonObject(response.body()).getString("csrf_token"));
    }

    @Test
    void aPersonSignsInWithNameAndSecretAndGetsAStrictHttpOnlyCookieOfBoundedLifetime() {
        HttpResponse<String> response = dashboard.send("POST", "/api/v1/session",
            new JsonObject().put("name", LABELER).put("secret", TOKEN).encode());
        assertEquals(201, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(LABELER, body.getString("name"));
        assertEquals("labeler", body.getString("role"));
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(AccessGuard.SESSION_COOKIE + "="), cookie);
        assertTrue(cookie.toLowerCase(Locale.ROOT).contains("; httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Max-Age=43200"), "twelve hours by default: " + cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP here; Secure over TLS");

        Browser browser = signIn(LABELER, TOKEN);
        HttpResponse<String> whoAmI = dashboard.send("GET", "/api/v1/session", null, "Cookie", browser.cookie());
        assertEquals(200, whoAmI.statusCode());
        assertEquals(LABELER, new JsonObject(whoAmI.body()).getString("name"));
        assertEquals(browser.csrfToken(), new JsonObject(whoAmI.body()).getString("csrf_token"),
            "a reloaded page reads its token again");
    }

    @Test
    void theTokenAloneSignsInAndAWrongNameOrSecretDoesNot() {
        HttpResponse<String> tokenOnly = dashboard.send("POST", "/api/v1/session",
            new JsonObject().put("secret", VIEWER_TOKEN).encode());
        assertEquals(201, tokenOnly.statusCode());
        assertEquals("viewer", new JsonObject(tokenOnly.body()).getString("role"));

        for (JsonObject wrong : List.of(new JsonObject().put("name", LABELER).put("secret", VIEWER_TOKEN),
            new JsonObject().put("name", LABELER).put("secret", "not-the-secret"))) {
            HttpResponse<String> refused = dashboard.send("POST", "/api/v1/session", wrong.encode());
            assertEquals(401, refused.statusCode());
            assertEquals("invalid_credential", new JsonObject(refused.body()).getString(Problem.CODE));
            assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());
        }
        assertEquals(400, dashboard.send("POST", "/api/v1/session", "{\"name\": \"alice\"}").statusCode());
        assertEquals(415, dashboard.send("POST", "/api/v1/session", null,
            "Content-Type", "application/x-www-form-urlencoded").statusCode(), "a form from another site is not read");
    }

    @Test
    void aChangeMadeWithTheCookieNeedsTheCsrfTokenAndAViewerMayNotLabel() {
        String imageId = dashboard.storeImage(DashboardHarness.uniquePng());
        dashboard.publishPrediction(Topics.REVIEW, prediction(imageId,
            List.of(new org.trapstream.common.contract.Prediction.LabelScore("moonrat", 0.5)), List.of("low_confidence")));
        Browser browser = signIn(LABELER, TOKEN);

        HttpResponse<String> withoutToken = dashboard.send("POST", "/api/v1/feedback", feedbackBody(imageId, "moonrat"),
            "Cookie", browser.cookie());
        assertEquals(403, withoutToken.statusCode());
        assertEquals("csrf_token_required", new JsonObject(withoutToken.body()).getString(Problem.CODE));
        HttpResponse<String> wrongToken = dashboard.send("POST", "/api/v1/feedback", feedbackBody(imageId, "moonrat"),
            "Cookie", browser.cookie(), AccessGuard.CSRF_HEADER, "guessed");
        assertEquals(403, wrongToken.statusCode());

        HttpResponse<String> withToken = dashboard.send("POST", "/api/v1/feedback", feedbackBody(imageId, "moonrat"),
            "Cookie", browser.cookie(), AccessGuard.CSRF_HEADER, browser.csrfToken());
        assertEquals(202, withToken.statusCode(), withToken.body());
        assertEquals(LABELER, dashboard.awaitFeedback(imageId).labeler());

        Browser viewer = signIn("victor", VIEWER_TOKEN);
        HttpResponse<String> forbidden = dashboard.send("POST", "/api/v1/feedback", feedbackBody(imageId, "moonrat"),
            "Cookie", viewer.cookie(), AccessGuard.CSRF_HEADER, viewer.csrfToken());
        assertEquals(403, forbidden.statusCode());
        assertEquals("forbidden", new JsonObject(forbidden.body()).getString(Problem.CODE));
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() {
        Browser browser = signIn(LABELER, TOKEN);
        assertEquals(403, dashboard.send("DELETE", "/api/v1/session", null, "Cookie", browser.cookie()).statusCode(),
            "signing out is a change too: a page on another site cannot sign a person out");
        HttpResponse<String> signOut = dashboard.send("DELETE", "/api/v1/session", null,
            "Cookie", browser.cookie(), AccessGuard.CSRF_HEADER, browser.csrfToken());
        assertEquals(204, signOut.statusCode());
        assertTrue(signOut.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));

        HttpResponse<String> after = dashboard.send("GET", "/api/v1/session", null, "Cookie", browser.cookie());
        assertEquals(401, after.statusCode());
        assertEquals(401, dashboard.send("GET", "/api/v1/review", null, "Cookie", browser.cookie()).statusCode());
    }
}
