package org.trapstream.dashboard;

import java.util.Set;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.image.ImageFormat;

/**
 * {@code GET /api/v1/images/{id}}, for viewers and above: the original bytes from the image store, but without
 * EXIF GPS data for roles that may not see locations ({@code dashboard.location.roles}). Images are content
 * addressed, so an id names the same bytes forever: a browser may keep them for good (privately: the answer
 * depends on who asks, which the ETag says too), and a revalidation is answered from the id alone.
 */
final class ImageRoutes implements HttpRoutes {

    private static final String IMMUTABLE = "private, max-age=31536000, immutable";

    private final AccessGuard guard;
    private final StoredImages images;
    private final Set<AccessRole> locationRoles;

    ImageRoutes(AccessGuard guard, StoredImages images, Set<AccessRole> locationRoles) {
        this.guard = guard;
        this.images = images;
        this.locationRoles = Set.copyOf(locationRoles);
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/images/:" + ImageIdParam.NAME).handler(guard.atLeast(AccessRole.VIEWER))
            .handler(ImageIdParam::requireValid).handler(this::image);
    }

    private void image(RoutingContext ctx) {
        String imageId = ImageIdParam.of(ctx);
        boolean withLocation = locationRoles.contains(AccessGuard.person(ctx).role());
        String etag = '"' + imageId + (withLocation ? "" : "-no-location") + '"';
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).putHeader("ETag", etag).putHeader("Cache-Control", IMMUTABLE).end();
            return;
        }
        (withLocation ? images.read(imageId) : images.readWithoutLocation(imageId))
            .onSuccess(bytes -> bytes.ifPresentOrElse(
                found -> ctx.response()
                    .putHeader("Content-Type", contentType(ImageFormat.sniff(found)))
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", IMMUTABLE)
                    .putHeader("Vary", "Authorization, Cookie")
                    .putHeader("ETag", etag)
                    .end(Buffer.buffer(found)),
                () -> Problem.send(ctx, 404, "unknown_image", "No stored image has id " + imageId)))
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
