package org.trapstream.dashboard;

import java.util.Map;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.trapstream.common.http.HttpRoutes;

/**
 * The pages (review, live, models, cameras and sign-in): plain HTML, CSS and JavaScript from {@code webroot/} on the
 * classpath, no build step. {@code /} leads to the review page; a page finds out who is signed in itself
 * ({@code assets/common.js}) and sends a stranger to {@code /sign-in}. The content security policy lets a page load
 * nothing from anywhere but this server.
 */
final class PageRoutes implements HttpRoutes {

    private static final String CONTENT_SECURITY_POLICY =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** Short: a new release's page must reach open browsers within minutes. */
    private static final long MAX_AGE_SECONDS = 300;
    /** Each page's path and its file under {@code webroot/}. */
    private static final Map<String, String> PAGES = Map.of(
        "/review", "review.html",
        "/live", "live.html",
        "/models", "models.html",
        "/cameras", "cameras.html",
        "/sign-in", "sign-in.html");

    @Override
    public void mount(Router router) {
        router.get("/").handler(ctx -> ctx.redirect("/review"));
        PAGES.forEach((path, file) -> router.get(path).handler(PageRoutes::secure)
            .handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "max-age=" + MAX_AGE_SECONDS)
                .sendFile("webroot/" + file)
                .onFailure(ctx::fail)));
        router.get("/assets/*").handler(PageRoutes::secure).handler(StaticHandler.create("webroot/assets")
            .setMaxAgeSeconds(MAX_AGE_SECONDS));
    }

    private static void secure(RoutingContext ctx) {
        ctx.response()
            .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
