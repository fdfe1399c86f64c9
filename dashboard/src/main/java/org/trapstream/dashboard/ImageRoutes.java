package org.trapstream.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.HttpServerVerticle;
import org.trapstream.image.ImageFormat;

/**
 * {@code GET /api/v1/images/{id}}: the original bytes from the image store. Images are content addressed, so an
 * id names the same bytes forever: caches may keep them for good, and a revalidation is answered from the id alone.
 */
final class ImageRoutes implements HttpRoutes {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final StoredImages images;

    ImageRoutes(StoredImages images) {
        this.images = images;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/images/:" + ImageIdParam.NAME).handler(ImageIdParam::requireValid).handler(this::image);
    }

    private void image(RoutingContext ctx) {
        String imageId = ImageIdParam.of(ctx);
        String etag = '"' + imageId + '"';
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).putHeader("ETag", etag).putHeader("Cache-Control", IMMUTABLE).end();
            return;
        }
        images.read(imageId)
            .onSuccess(bytes -> bytes.ifPresentOrElse(
                found -> ctx.response()
                    .putHeader("Content-Type", contentType(ImageFormat.sniff(found)))
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", IMMUTABLE)
                    .putHeader("ETag", etag)
                    .end(Buffer.buffer(found)),
                () -> HttpServerVerticle.fail(ctx, 404, "unknown_image", "No stored image has id " + imageId)))
            .onFailure(ctx::fail);
    }

    static String contentType(ImageFormat format) {
        return switch (format) {
            case JPEG -> "image/jpeg";
            case PNG -> "image/png";
            case GIF -> "image/gif";
            case BMP -> "image/bmp";
            case WEBP -> "image/webp";
            case TIFF -> "image/tiff";
            case HEIC -> "image/heic";
            case UNKNOWN -> "application/octet-stream";
        };
    }
}
