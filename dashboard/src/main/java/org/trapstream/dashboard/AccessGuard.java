package org.trapstream.dashboard;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.auth.BearerAuthentication;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Person;
import org.trapstream.common.auth.TokenVerifier;

/**
 * The handlers that let a request through to a dashboard route only for a person with at least a given role
 * ({@code dashboard.people}). Every person's credential may answer, so a token costs at most one slow hash per
 * person until it is cached.
 */
final class AccessGuard {

    private final Map<AccessRole, Handler<RoutingContext>> handlers = new EnumMap<>(AccessRole.class);

    AccessGuard(List<Credential<Person>> people, TokenVerifier<Person> verifier, MeterRegistry registry) {
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
            }, registry, DashboardVerticle.NAME));
        }
    }

    /** Lets through a person whose role includes {@code needed}, answering 401 or 403 for anyone else. */
    Handler<RoutingContext> atLeast(AccessRole needed) {
        return handlers.get(needed);
    }

    /** The person a guard let through. */
    static Person person(RoutingContext ctx) {
        return BearerAuthentication.principal(ctx);
    }
}
