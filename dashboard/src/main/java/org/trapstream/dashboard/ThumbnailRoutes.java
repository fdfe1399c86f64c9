package org.trapstream.dashboard;

import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;

/**
 * {@code GET /api/v1/images/{id}/thumbnail?size=N}, for viewers and above: the image scaled on the server
 * ({@link Thumbnails}) to one of the sizes served, kept in a bounded {@link ThumbnailCache}. An id names the same
 * bytes forever and a thumbnail carries no location, so browsers keep it for good and revalidate by ETag alone.
 */
final class ThumbnailRoutes implements HttpRoutes {

    private static final String IMMUTABLE = "private, max-age=31536000, immutable";

    private final AccessGuard guard;
    private final StoredImages images;
    private final ThumbnailCache cache;
    private final ImageLimits limits;

    ThumbnailRoutes(AccessGuard guard, StoredImages images, ThumbnailCache cache, ImageLimits limits) {
        this.guard = guard;
        this.images = images;
        this.cache = cache;
        this.limits = limits;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/images/:" + ImageIdParam.NAME + "/thumbnail").handler(guard.atLeast(AccessRole.VIEWER))
            .handler(ImageIdParam::requireValid).handler(this::thumbnail);
    }

    private void thumbnail(RoutingContext ctx) {
        String imageId = ImageIdParam.of(ctx);
        int size;
        try {
            size = Integer.parseInt(ctx.queryParams().get("size"));
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (!Thumbnails.SIZES.contains(size)) {
            Problem.send(ctx, 400, "invalid_size", "size must be one of " + Thumbnails.SIZES);
            return;
        }
        String etag = "\"" + imageId + "-" + size + "\"";
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).putHeader("ETag", etag).putHeader("Cache-Control", IMMUTABLE).end();
            return;
        }
        String key = ThumbnailCache.key(imageId, size);
        byte[] cached = cache.get(key);
        int side = size;
        (cached != null ? Future.succeededFuture(Optional.of(cached))
            : images.readMapped(imageId, image -> Thumbnails.scale(image, side, limits)))
            .onSuccess(thumbnail -> thumbnail.ifPresentOrElse(found -> {
                cache.put(key, found);
                ctx.response()
                    .putHeader("Content-Type", "image/jpeg")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", IMMUTABLE)
                    .putHeader("ETag", etag)
                    .end(Buffer.buffer(found));
            }, () -> Problem.send(ctx, 404, "unknown_image", "No stored image has id " + imageId)))
            .onFailure(e -> {
                if (e instanceof ImageRejectedException rejected) {
                    Problem.send(ctx, 422, "undecodable_image",
                        "The stored image " + imageId + " cannot be scaled: " + rejected.getMessage());
                } else {
                    ctx.fail(e);
                }
            });
    }
}
