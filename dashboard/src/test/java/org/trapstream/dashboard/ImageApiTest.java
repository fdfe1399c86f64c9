package org.trapstream.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.http.Problem;
import org.trapstream.image.ImageLocations;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
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
        assertTrue(response.headers().firstValue("Cache-Control").orElseThrow().startsWith("private"),
            "what is served depends on who asks");
        assertEquals('"' + imageId + "-no-location\"", response.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void aViewerGetsTheImageWithoutItsLocationAndAnOperatorWithIt() throws Exception {
        byte[] located = TestImages.withExifGps(TestImages.jpeg(TestImages.noise(new Random(), 64, 48)), 1, 47, 8);
        assertTrue(ImageLocations.present(located), "the test image carries GPS");
        String imageId = dashboard.storeImage(located);

        HttpResponse<byte[]> viewer = dashboard.getBytes("/api/v1/images/" + imageId);
        HttpResponse<byte[]> labeler = dashboard.getBytes("/api/v1/images/" + imageId, TOKEN);
        HttpResponse<byte[]> operator = dashboard.getBytes("/api/v1/images/" + imageId, OPERATOR_TOKEN);

        assertEquals(200, viewer.statusCode());
        assertFalse(ImageLocations.present(viewer.body()), "no GPS for a viewer");
        assertFalse(ImageLocations.present(labeler.body()), "nor for a labeler, by default");
        assertEquals(located.length, viewer.body().length, "blanked, not re-encoded");
        assertArrayEquals(pixels(located), pixels(viewer.body()), "the pixels decode the same");
        assertArrayEquals(located, operator.body(), "an operator gets the original");
        assertEquals('"' + imageId + '"', operator.headers().firstValue("ETag").orElseThrow());
        assertEquals("Authorization, Cookie", viewer.headers().firstValue("Vary").orElseThrow());
    }

    @Test
    void imagesNeedACredential() {
        String imageId = dashboard.storeImage(uniquePng());

        HttpResponse<byte[]> anonymous = dashboard.getBytes("/api/v1/images/" + imageId, null);

        assertEquals(401, anonymous.statusCode());
        assertEquals("credential_required", new JsonObject(new String(anonymous.body(), StandardCharsets.UTF_8))
            .getString(Problem.CODE));
    }

    private static int[] pixels(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void aRevalidationIsAnsweredFromTheIdAlone() throws Exception {
        String imageId = dashboard.storeImage(uniquePng());
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(dashboard.baseUrl() + "/api/v1/images/" + imageId))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .header("If-None-Match", '"' + imageId + '"').build(),
            HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(304, response.statusCode());
        assertEquals(0, response.body().length);
    }

    @Test
    void anAbsentImageIsNotFoundAndAMalformedIdIsABadRequest() {
        HttpResponse<String> absent = dashboard.get("/api/v1/images/" + unknownImageId());
        assertEquals(404, absent.statusCode());
        assertEquals("unknown_image", new JsonObject(absent.body()).getString(Problem.CODE));

        HttpResponse<String> malformed = dashboard.get("/api/v1/images/not-an-id");
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_image_id", new JsonObject(malformed.body()).getString(Problem.CODE));
    }

    @Test
    void thePagesAndTheirAssetsAreServedUnderAStrictContentSecurityPolicy() {
        HttpResponse<String> root = dashboard.get("/", null);
        assertEquals(302, root.statusCode());
        assertEquals("/review", root.headers().firstValue("Location").orElseThrow());

        // The pages hold no data: they find out who is signed in and ask the API for the rest.
        for (String path : List.of("/review", "/sign-in")) {
            HttpResponse<String> page = dashboard.get(path, null);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
        }
        assertTrue(dashboard.get("/review", null).body().contains("<script src=\"/assets/review.js\""));

        HttpResponse<String> script = dashboard.get("/assets/common.js", null);
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("X-CSRF-Token"), "the shared fetch wrapper sends the CSRF token");
        assertTrue(dashboard.get("/assets/review.js", null).body().contains("/api/v1/review/answer"));
        assertEquals(200, dashboard.get("/assets/common.css", null).statusCode());
        assertEquals(404, dashboard.get("/assets/missing.js", null).statusCode());
    }
}
