package org.trapstream.dashboard;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.http.Problem;
import org.trapstream.image.ImageLocations;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

/** {@code GET /api/v1/images/{id}/thumbnail}: scaled on the server, from the EXIF thumbnail where it will do. */
class ThumbnailApiTest extends DashboardApiTest {

    /** An 800x600 red frame carrying a 320x240 green EXIF thumbnail: the colour says which was scaled. */
    private static final byte[] FRAME_WITH_THUMBNAIL = TestImages.withExifThumbnail(
        TestImages.jpeg(TestImages.halves(800, 600, Color.RED, Color.RED)),
        TestImages.jpeg(TestImages.halves(320, 240, Color.GREEN, Color.GREEN)));

    private static BufferedImage decoded(HttpResponse<byte[]> response) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private static boolean greenish(BufferedImage image) {
        Color centre = new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
        return centre.getGreen() > 200 && centre.getRed() < 60;
    }

    @Test
    void aSmallThumbnailComesFromTheCamerasOwnAndALargerOneFromTheFrame() throws IOException {
        String imageId = dashboard.storeImage(FRAME_WITH_THUMBNAIL);

        HttpResponse<byte[]> small = dashboard.getBytes("/api/v1/images/" + imageId + "/thumbnail?size=160");
        assertEquals(200, small.statusCode());
        assertEquals("image/jpeg", small.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage smallImage = decoded(small);
        assertEquals(160, smallImage.getWidth());
        assertEquals(120, smallImage.getHeight());
        assertTrue(greenish(smallImage), "scaled from the EXIF thumbnail, large enough for 160 px");

        BufferedImage large = decoded(dashboard.getBytes("/api/v1/images/" + imageId + "/thumbnail?size=640"));
        assertEquals(640, large.getWidth());
        assertEquals(480, large.getHeight());
        assertFalse(greenish(large), "the EXIF thumbnail is too small for 640 px: the frame is decoded");

        BufferedImage never = decoded(dashboard.getBytes("/api/v1/images/" + imageId + "/thumbnail?size=1280"));
        assertEquals(800, never.getWidth(), "never scaled up");
    }

    @Test
    void aThumbnailIsCachedForeverByItsETagAndCarriesNoLocation() {
        byte[] located = TestImages.withExifGps(TestImages.jpeg(TestImages.scene(400, 300)), 1, 47, 8);
        String imageId = dashboard.storeImage(located);
        String path = "/api/v1/images/" + imageId + "/thumbnail?size=320";

        HttpResponse<byte[]> first = dashboard.getBytes(path, OPERATOR_TOKEN);
        assertEquals(200, first.statusCode());
        assertFalse(ImageLocations.present(first.body()), "a scaled copy has no metadata, for every role");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue(first.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
        HttpResponse<String> revalidated = dashboard.send("GET", path, null,
            "Authorization", "Bearer " + OPERATOR_TOKEN, "If-None-Match", etag);
        assertEquals(304, revalidated.statusCode());
        assertEquals(List.of(first.body().length), List.of(dashboard.getBytes(path).body().length),
            "served again from the cache, the same bytes");
    }

    @Test
    void sizesAreCheckedAndAnUnknownImageIsNotFound() {
        String imageId = dashboard.storeImage(DashboardHarness.uniquePng());
        for (String size : List.of("", "size=0", "size=100", "size=99999", "size=abc")) {
            HttpResponse<String> refused = dashboard.get("/api/v1/images/" + imageId + "/thumbnail?" + size);
            assertEquals(400, refused.statusCode(), size);
            assertEquals("invalid_size", new JsonObject(refused.body()).getString(Problem.CODE));
        }
        assertEquals(200, dashboard.getBytes("/api/v1/images/" + imageId + "/thumbnail?size=160").statusCode(),
            "a PNG is scaled too");
        HttpResponse<String> unknown = dashboard.get("/api/v1/images/" + unknownImageId() + "/thumbnail?size=160");
        assertEquals(404, unknown.statusCode());
        assertEquals(401, dashboard.get("/api/v1/images/" + imageId + "/thumbnail?size=160", null).statusCode());
    }
}
