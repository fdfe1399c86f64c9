package org.trapstream.dashboard;

import java.net.http.HttpResponse;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/** Every read of the API needs a viewer at least; each role includes the ones below it. */
class AccessApiTest extends DashboardApiTest {

    private static final String[] READS = {"/api/v1/stats", "/api/v1/review", "/api/v1/labels",
        "/api/v1/predictions/" + unknownImageId(), "/api/v1/images/" + unknownImageId()};

    @Test
    void readsWithoutAKnownCredentialAreUnauthorized() {
        String stranger = Secrets.generate();
        for (String path : READS) {
            HttpResponse<String> anonymous = dashboard.get(path, null);
            HttpResponse<String> unknown = dashboard.get(path, stranger);

            assertEquals(401, anonymous.statusCode(), path);
            assertEquals("credential_required", new JsonObject(anonymous.body()).getString(Problem.CODE), path);
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"), path);
            assertEquals(401, unknown.statusCode(), path);
            assertEquals("invalid_credential", new JsonObject(unknown.body()).getString(Problem.CODE), path);
        }
    }

    @Test
    void everyRoleMayRead() {
        for (String token : new String[] {VIEWER_TOKEN, TOKEN, OPERATOR_TOKEN}) {
            assertEquals(200, dashboard.get("/api/v1/stats", token).statusCode());
            assertEquals(200, dashboard.get("/api/v1/labels", token).statusCode());
            assertEquals(404, dashboard.get("/api/v1/images/" + unknownImageId(), token).statusCode());
        }
    }
}
