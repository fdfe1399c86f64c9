package org.trapstream.dashboard;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.http.HttpRoutes;

/**
 * The operators' pages, {@code /live} (predictions as they arrive) and {@code /models} (the registry, with promote
 * and roll back): plain HTML from {@code webroot/}, under the labeler page's headers; their scripts and styles are
 * among its assets.
 */
final class OperatorPageRoutes implements HttpRoutes {

    @Override
    public void mount(Router router) {
        page(router, "/live", "webroot/live.html");
        page(router, "/models", "webroot/models.html");
    }

    private static void page(Router router, String path, String file) {
        router.get(path).handler(LabelerPageRoutes::secure).handler(ctx -> send(ctx, file));
    }

    private static void send(RoutingContext ctx, String file) {
        ctx.response()
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "public, max-age=" + LabelerPageRoutes.MAX_AGE_SECONDS)
            .sendFile(file)
            .onFailure(ctx::fail);
    }
}
