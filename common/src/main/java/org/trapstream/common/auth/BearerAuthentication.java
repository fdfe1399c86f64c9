package org.trapstream.common.auth;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.http.Problem;

/**
 * A route handler that lets a request through only with {@code Authorization: Bearer TOKEN} of a principal the
 * policy accepts: 401 without a known credential, 403 when the principal may not do this, 503 when too many
 * credentials are being checked. It puts the principal on the routing context ({@link #principal}, and its name
 * under {@link #PRINCIPAL_NAME} for handlers after it, such as a per-credential rate limit) and counts every
 * request by outcome in {@code camtrap_ROLE_authentications_total}.
 */
public final class BearerAuthentication<P extends Principal> implements Handler<RoutingContext> {

    public static final String PRINCIPAL = "trapstream.principal";
    public static final String PRINCIPAL_NAME = "trapstream.principal.name";
    private static final String RETRY_AFTER_SECONDS = "1";

    /** Which credentials may answer for a request, and whether the one that did may make it. */
    public interface Policy<P extends Principal> {
        List<Credential<P>> candidates(RoutingContext ctx);

        /** Why {@code principal} may not make this request, or null when it may. */
        String refusal(RoutingContext ctx, P principal);
    }

    enum Outcome {
        AUTHENTICATED, MISSING, INVALID, FORBIDDEN, BUSY;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final TokenVerifier<P> verifier;
    private final Policy<P> policy;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    /** @param role the role whose requests these are, which names the counter ({@code ingest}, {@code dashboard}) */
    public BearerAuthentication(TokenVerifier<P> verifier, Policy<P> policy, MeterRegistry registry, String role) {
        this.verifier = verifier;
        this.policy = policy;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("camtrap." + role + ".authentications")
                .description("Requests that needed a credential, by outcome")
                .tag("outcome", outcome.tag())
                .register(registry));
        }
    }

    /** The principal a {@link BearerAuthentication} let through. */
    public static <T extends Principal> T principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = bearerToken(ctx);
        if (token == null) {
            refuse(ctx, Outcome.MISSING, 401, "credential_required",
                "this request needs a credential: send Authorization: Bearer TOKEN");
            return;
        }
        // The body waits, unread, for the answer. After a refusal it flows again to be read and dropped; once the
        // request is let through, the handler that reads the body resumes it when it is ready to (a body handler
        // does so at once, a spool once its file is open): resuming here would lose what arrives before then.
        boolean paused = !ctx.request().isEnded();
        if (paused) {
            ctx.request().pause();
        }
        verifier.verify(token, policy.candidates(ctx)).onComplete(result -> {
            if (!letThrough(ctx, result) && paused) {
                ctx.request().resume();
            }
        });
    }

    /** Answers a refusal, or passes the request on with its principal; true when it passed it on. */
    private boolean letThrough(RoutingContext ctx, AsyncResult<Optional<P>> result) {
        if (result.failed()) {
            boolean busy = result.cause() instanceof RejectedExecutionException;
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            refuse(ctx, Outcome.BUSY, 503, "unavailable", busy
                ? "too many credentials are being checked; try again shortly"
                : "the credential could not be checked; try again shortly");
            return false;
        }
        if (result.result().isEmpty()) {
            refuse(ctx, Outcome.INVALID, 401, "invalid_credential", "the credential is not known here");
            return false;
        }
        P principal = result.result().get();
        String refusal = policy.refusal(ctx, principal);
        if (refusal != null) {
            refuse(ctx, Outcome.FORBIDDEN, 403, "forbidden", principal.name() + " " + refusal);
            return false;
        }
        outcomes.get(Outcome.AUTHENTICATED).increment();
        ctx.put(PRINCIPAL, principal);
        ctx.put(PRINCIPAL_NAME, principal.name());
        ctx.next();
        return true;
    }

    private static String bearerToken(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return null;
        }
        return header.substring(7).trim();
    }

    private void refuse(RoutingContext ctx, Outcome outcome, int status, String code, String message) {
        outcomes.get(outcome).increment();
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"trapstream\"");
        }
        Problem.send(ctx, status, code, message);
    }
}
