package org.trapstream.dashboard;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.auth.BearerAuthentication;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Person;
import org.trapstream.common.auth.TokenVerifier;
import org.trapstream.common.http.HttpServerVerticle;

/**
 * The handlers that let a request through to a dashboard route only for a person with at least a given role
 * ({@code dashboard.people}), known by a bearer token or by the session cookie of a signed-in browser. Every
 * person's credential may answer a token, so a token costs at most one slow hash per person until it is cached.
 *
 * <p>A cookie goes with every request the browser makes to this server, whichever page asks: a request that
 * changes something and is known by its cookie must also carry the session's CSRF token in {@value #CSRF_HEADER},
 * which only this server's pages can read ({@code GET /api/v1/session}). A bearer token is never sent by the
 * browser on its own, so it needs none.
 */
final class AccessGuard {

    static final String SESSION_COOKIE = "trapstream_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION = "trapstream.session";

    private final Map<AccessRole, Handler<RoutingContext>> handlers = new EnumMap<>(AccessRole.class);
    private final Sessions sessions;

    AccessGuard(List<Credential<Person>> people, TokenVerifier<Person> verifier, Sessions sessions,
                MeterRegistry registry) {
        this.sessions = sessions;
        for (AccessRole needed : AccessRole.values()) {
            Handler<RoutingContext> bearer = new BearerAuthentication<>(verifier, new BearerAuthentication.Policy<Person>() {
                @Override
                public List<Credential<Person>> candidates(RoutingContext ctx) {
                    return people;
                }

                @Override
                public String refusal(RoutingContext ctx, Person person) {
                    return refusalOf(person, needed);
                }
            }, registry, DashboardVerticle.NAME);
            handlers.put(needed, ctx -> {
                Optional<Sessions.Session> session = ctx.request().getHeader("Authorization") == null
                    ? session(ctx) : Optional.empty();
                if (session.isPresent()) {
                    letSessionThrough(ctx, session.get(), needed);
                } else {
                    bearer.handle(ctx);
                }
            });
        }
    }

    private static String refusalOf(Person person, AccessRole needed) {
        return person.role().includes(needed) ? null
            : "is a " + person.role().code() + "; this needs a " + needed.code() + " or above";
    }

    /** Lets through a person whose role includes {@code needed}, answering 401 or 403 for anyone else. */
    Handler<RoutingContext> atLeast(AccessRole needed) {
        return handlers.get(needed);
    }

    /** The live session whose cookie the request carries. */
    Optional<Sessions.Session> session(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        return cookie == null ? Optional.empty() : sessions.find(cookie.getValue());
    }

    private static void letSessionThrough(RoutingContext ctx, Sessions.Session session, AccessRole needed) {
        HttpMethod method = ctx.request().method();
        boolean changes = !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD);
        if (changes && !session.csrfToken().equals(ctx.request().getHeader(CSRF_HEADER))) {
            HttpServerVerticle.fail(ctx, 403, "csrf_token_required",
                "a signed-in page must send its session's token in " + CSRF_HEADER + " with this request");
            return;
        }
        Person person = session.person();
        String refusal = refusalOf(person, needed);
        if (refusal != null) {
            HttpServerVerticle.fail(ctx, 403, "forbidden", person.name() + " " + refusal);
            return;
        }
        ctx.put(BearerAuthentication.PRINCIPAL, person);
        ctx.put(BearerAuthentication.PRINCIPAL_NAME, person.name());
        ctx.put(SESSION, session);
        ctx.next();
    }

    /** The person a guard let through. */
    static Person person(RoutingContext ctx) {
        return BearerAuthentication.principal(ctx);
    }

    /** The session a guard let the request through by, if it came with a cookie rather than a token. */
    static Optional<Sessions.Session> sessionOf(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION));
    }
}
