package org.trapstream.events;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;

/**
 * The events role: groups each camera's predictions into sequences by capture time and publishes one event per
 * sequence on {@link Topics#EVENTS} ({@link EventsVerticle}). One instance: it must see every partition of the
 * predictions. Registers the {@code events} health check.
 */
public final class EventsRole implements Role {

    @Override
    public String name() {
        return "events";
    }

    /** Reads predictions by assignment, committing in its own group; writes events. */
    @Override
    public KafkaAccess kafkaAccess() {
        return new KafkaAccess(Set.of(Topics.PREDICTIONS), Set.of(Topics.EVENTS),
            Optional.of(EventsConfig.EVENTS_GROUP_ID));
    }

    @Override
    public Future<Void> deploy(Vertx vertx, RoleContext context) {
        return vertx.deployVerticle(new EventsVerticle(context, Clock.systemUTC())).mapEmpty();
    }
}
