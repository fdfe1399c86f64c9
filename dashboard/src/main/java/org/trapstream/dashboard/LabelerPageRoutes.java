package org.trapstream.dashboard;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.trapstream.common.http.HttpRoutes;

/**
 * The dashboard's pages, the labeler page at {@code /} and the cameras page at {@code /cameras}: plain HTML, CSS and
 * JavaScript from {@code webroot/} on the classpath, no build step. The content security policy lets a page load
 * nothing from anywhere but this server.
 */
final class LabelerPageRoutes implements HttpRoutes {

    private static final String CONTENT_SECURITY_POLICY =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** Short: a new release's page must reach open browsers within minutes. */
    static final long MAX_AGE_SECONDS = 300;

    @Override
    public void mount(Router router) {
        router.get("/").handler(LabelerPageRoutes::secure).handler(StaticHandler.create("webroot")
            .setMaxAgeSeconds(MAX_AGE_SECONDS));
        router.get("/cameras").handler(LabelerPageRoutes::secure)
            .handler(ctx -> ctx.response().putHeader("Cache-Control", "public, max-age=" + MAX_AGE_SECONDS)
                .sendFile("webroot/cameras.html"));
        router.get("/assets/*").handler(LabelerPageRoutes::secure).handler(StaticHandler.create("webroot/assets")
            .setMaxAgeSeconds(MAX_AGE_SECONDS));
    }

    /** The headers every page and asset goes out with. */
    static void secure(RoutingContext ctx) {
        ctx.response()
            .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
