package org.trapstream.common.auth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.http.Problem;

/**
 * The handlers that let a request through to a role's route only for a person with at least a given role (the
 * role's people: {@code dashboard.people}, {@code ingest.people}), known by a bearer token or, where the role signs
 * browsers in, by the session cookie of a signed-in browser. Every person's credential may answer a token, so a
 * token costs at most one slow hash per person until it is cached.
 *
 * <p>A cookie goes with every request the browser makes to this server, whichever page asks: a request that
 * changes something and is known by its cookie must also carry the session's CSRF token in {@value #CSRF_HEADER},
 * which only this server's pages can read. A bearer token is never sent by the browser on its own, so it needs none.
 */
public final class AccessGuard {

    public static final String SESSION_COOKIE = "trapstream_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION = "trapstream.session";

    private final Map<AccessRole, Handler<RoutingContext>> handlers = new EnumMap<>(AccessRole.class);
    private final Sessions sessions;

    /**
     * A guard for bearer tokens alone.
     *
     * @param role the role whose routes it guards, for its metrics
     */
    public AccessGuard(List<Credential<Person>> people, TokenVerifier<Person> verifier, MeterRegistry registry,
                       String role) {
        this(people, verifier, null, registry, role);
    }

    /**
     * @param sessions the signed-in browsers whose cookies it also accepts, or null for bearer tokens alone
     * @param role     the role whose routes it guards, for its metrics
     */
    public AccessGuard(List<Credential<Person>> people, TokenVerifier<Person> verifier, Sessions sessions,
                       MeterRegistry registry, String role) {
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
            }, registry, role);
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
    public Handler<RoutingContext> atLeast(AccessRole needed) {
        return handlers.get(needed);
    }

    /** The live session whose cookie the request carries. */
    public Optional<Sessions.Session> session(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        return cookie == null || sessions == null ? Optional.empty() : sessions.find(cookie.getValue());
    }

    private static void letSessionThrough(RoutingContext ctx, Sessions.Session session, AccessRole needed) {
        HttpMethod method = ctx.request().method();
        boolean changes = !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD);
        if (changes && !session.csrfToken().equals(ctx.request().getHeader(CSRF_HEADER))) {
            Problem.send(ctx, 403, "csrf_token_required",
                "a signed-in page must send its session's token in " + CSRF_HEADER + " with this request");
            return;
        }
        Person person = session.person();
        String refusal = refusalOf(person, needed);
        if (refusal != null) {
            Problem.send(ctx, 403, "forbidden", person.name() + " " + refusal);
            return;
        }
        ctx.put(BearerAuthentication.PRINCIPAL, person);
        ctx.put(BearerAuthentication.PRINCIPAL_NAME, person.name());
        ctx.put(SESSION, session);
        ctx.next();
    }

    /** The person a guard let through. */
    public static Person person(RoutingContext ctx) {
        return BearerAuthentication.principal(ctx);
    }

    /** The session a guard let the request through by, if it came with a cookie rather than a token. */
    public static Optional<Sessions.Session> sessionOf(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION));
    }
}
