package org.trapstream.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.uniquePng;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/** {@code GET /api/v1/images/{id}} and the labeler page's static files. */
class ImageApiTest extends DashboardApiTest {

    @Test
    void aStoredImageIsServedWithItsSniffedTypeAndCachedForever() {
        byte[] png = uniquePng();
        String imageId = dashboard.storeImage(png);

        HttpResponse<byte[]> response = dashboard.getBytes("/api/v1/images/" + imageId);
        assertEquals(200, response.statusCode());
        assertArrayEquals(png, response.body());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
        assertEquals('"' + imageId + '"', response.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void aRevalidationIsAnsweredFromTheIdAlone() throws Exception {
        String imageId = dashboard.storeImage(uniquePng());
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(dashboard.baseUrl() + "/api/v1/images/" + imageId))
                .header("If-None-Match", '"' + imageId + '"').build(),
            HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(304, response.statusCode());
        assertEquals(0, response.body().length);
    }

    @Test
    void anAbsentImageIsNotFoundAndAMalformedIdIsABadRequest() {
        HttpResponse<String> absent = dashboard.get("/api/v1/images/" + unknownImageId());
        assertEquals(404, absent.statusCode());
        assertEquals("unknown_image", new JsonObject(absent.body()).getString("error"));

        HttpResponse<String> malformed = dashboard.get("/api/v1/images/not-an-id");
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_image_id", new JsonObject(malformed.body()).getString("error"));
    }

    @Test
    void theLabelerPageAndItsAssetsAreServedUnderAStrictContentSecurityPolicy() {
        HttpResponse<String> page = dashboard.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"assets/labeler.js\""), "the page loads its own script");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));

        HttpResponse<String> script = dashboard.get("/assets/labeler.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("api/v1/feedback"));
        assertEquals(200, dashboard.get("/assets/labeler.css").statusCode());
        assertEquals(404, dashboard.get("/assets/missing.js").statusCode());
    }
}
