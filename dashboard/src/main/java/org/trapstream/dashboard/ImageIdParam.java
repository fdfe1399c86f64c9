package org.trapstream.dashboard;

import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.http.Problem;

/** The {@code :image_id} path parameter: a handler that lets only well-formed ids through to the next one. */
final class ImageIdParam {

    static final String NAME = "image_id";

    static void requireValid(RoutingContext ctx) {
        if (ImageIds.isValid(ctx.pathParam(NAME))) {
            ctx.next();
        } else {
            Problem.send(ctx, 400, "invalid_image_id", "An image id is 64 lower-case hex digits (SHA-256)");
        }
    }

    static String of(RoutingContext ctx) {
        return ctx.pathParam(NAME);
    }

    private ImageIdParam() {
    }
}
