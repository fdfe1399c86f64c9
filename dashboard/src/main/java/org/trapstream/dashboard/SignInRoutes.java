package org.trapstream.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Person;
import org.trapstream.common.auth.Sessions;
import org.trapstream.common.auth.TokenVerifier;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.common.metrics.Metrics;

/**
 * Sign-in for the pages: {@code POST /api/v1/session} with {@code {"name", "secret"}} (or the secret alone, as a
 * token is used) opens a session and sets its cookie (HttpOnly, SameSite=Strict, Secure over TLS, as long-lived as
 * the session); {@code GET} says who is signed in and gives the page the session's CSRF token; {@code DELETE}
 * signs out. Only a JSON body is read, which a form on another site cannot send without this server's consent.
 */
final class SignInRoutes implements HttpRoutes {

    private static final int MAX_BODY_BYTES = 4096;

    private final List<Credential<Person>> people;
    private final TokenVerifier<Person> verifier;
    private final Sessions sessions;
    private final AccessGuard guard;
    private final Counter signedIn;
    private final Counter refused;

    SignInRoutes(List<Credential<Person>> people, TokenVerifier<Person> verifier, Sessions sessions,
                 AccessGuard guard, MeterRegistry registry) {
        this.people = people;
        this.verifier = verifier;
        this.sessions = sessions;
        this.guard = guard;
        this.signedIn = signInCounter(registry, "signed_in");
        this.refused = signInCounter(registry, "refused");
    }

    private static Counter signInCounter(MeterRegistry registry, String outcome) {
        return Metrics.counter(registry, "camtrap.dashboard.sign.ins", "Sign-ins to the pages by outcome",
            "outcome", outcome);
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/session").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
            .handler(this::signIn);
        router.get("/api/v1/session").handler(guard.atLeast(AccessRole.VIEWER)).handler(this::whoAmI);
        router.delete("/api/v1/session").handler(guard.atLeast(AccessRole.VIEWER)).handler(this::signOut);
    }

    private void signIn(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Problem.send(ctx, 415, "unsupported_media_type", "sign in with a JSON body {\"name\", \"secret\"}");
            return;
        }
        JsonObject body;
        try {
            body = Json.decodeValue(ctx.body().buffer()) instanceof JsonObject json ? json : null;
        } catch (DecodeException | NullPointerException e) {
            body = null;
        }
        if (body == null || !(body.getValue("secret") instanceof String secret) || secret.isEmpty()
            || body.containsKey("name") && !(body.getValue("name") instanceof String)) {
            Problem.send(ctx, 400, "invalid_sign_in",
                "the body must be a JSON object {\"name\", \"secret\"}; name may be left out");
            return;
        }
        String name = body.getString("name");
        verifier.verify(secret, people).onComplete(result -> {
            if (result.failed()) {
                ctx.response().putHeader("Retry-After", "1");
                Problem.send(ctx, 503, "unavailable", result.cause() instanceof RejectedExecutionException
                    ? "too many sign-ins are being checked; try again shortly" : "the sign-in could not be checked");
                return;
            }
            // Every person's hash is tried whatever the name: the answer's timing says nothing about which names exist.
            Person person = result.result().filter(p -> name == null || name.isBlank() || p.name().equals(name.trim()))
                .orElse(null);
            if (person == null) {
                refused.increment();
                Problem.send(ctx, 401, "invalid_credential", "that name and secret do not match");
                return;
            }
            signedIn.increment();
            Sessions.Session session = sessions.open(person);
            ctx.response().addCookie(Cookie.cookie(AccessGuard.SESSION_COOKIE, session.id())
                .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL()).setMaxAge(sessions.ttl().toSeconds()));
            JsonResponses.send(ctx, 201, describe(person, session));
        });
    }

    private void whoAmI(RoutingContext ctx) {
        JsonResponses.send(ctx, 200, describe(AccessGuard.person(ctx), AccessGuard.sessionOf(ctx).orElse(null)));
    }

    private void signOut(RoutingContext ctx) {
        AccessGuard.sessionOf(ctx).ifPresent(session -> sessions.close(session.id()));
        ctx.response().addCookie(Cookie.cookie(AccessGuard.SESSION_COOKIE, "").setPath("/").setHttpOnly(true)
            .setSameSite(CookieSameSite.STRICT).setSecure(ctx.request().isSSL()).setMaxAge(0));
        ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
    }

    /** The person, and for a session the token its page sends back and when it ends. */
    private JsonObject describe(Person person, Sessions.Session session) {
        JsonObject json = new JsonObject().put("name", person.name()).put("role", person.role().code());
        if (session != null) {
            json.put("csrf_token", session.csrfToken())
                .put("expires_at", session.expiresAt().toString());
        }
        return json;
    }
}
