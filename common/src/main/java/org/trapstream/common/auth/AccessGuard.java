package org.trapstream.common.auth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The handlers that let a request through to a role's route only for a person with at least a given role (the
 * role's people: {@code dashboard.people}, {@code ingest.people}). Every person's credential may answer, so a token
 * costs at most one slow hash per person until it is cached.
 */
public final class AccessGuard {

    private final Map<AccessRole, Handler<RoutingContext>> handlers = new EnumMap<>(AccessRole.class);

    /** @param role the role whose routes it guards, for its metrics */
    public AccessGuard(List<Credential<Person>> people, TokenVerifier<Person> verifier, MeterRegistry registry,
                       String role) {
        for (AccessRole needed : AccessRole.values()) {
            handlers.put(needed, new BearerAuthentication<>(verifier, new BearerAuthentication.Policy<Person>() {
                @Override
                public List<Credential<Person>> candidates(RoutingContext ctx) {
                    return people;
                }

                @Override
                public String refusal(RoutingContext ctx, Person person) {
                    return person.role().includes(needed) ? null
                        : "is a " + person.role().code() + "; this needs a " + needed.code() + " or above";
                }
            }, registry, role));
        }
    }

    /** Lets through a person whose role includes {@code needed}, answering 401 or 403 for anyone else. */
    public Handler<RoutingContext> atLeast(AccessRole needed) {
        return handlers.get(needed);
    }

    /** The person a guard let through. */
    public static Person person(RoutingContext ctx) {
        return BearerAuthentication.principal(ctx);
    }
}
