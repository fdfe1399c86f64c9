package org.trapstream.trainer;

import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;

/**
 * The trainer role: stores human labels from the feedback topic, retrains when enough new labels arrived,
 * promotes a candidate only when it scores at least as well as the serving model on the same frozen
 * evaluation images, and announces it on the models topic; at start it announces the registry's promoted version
 * again, so a promotion whose announcement a crash cut off still reaches the classifiers. Registers the
 * {@code trainer} health check.
 */
public final class TrainerRole implements Role {

    @Override
    public String name() {
        return "trainer";
    }

    /** Reads feedback in its group; writes model announcements. */
    @Override
    public KafkaAccess kafkaAccess() {
        return new KafkaAccess(Set.of(Topics.FEEDBACK), Set.of(Topics.MODELS),
            Optional.of(TrainerConfig.TRAINER_GROUP_ID));
    }

    @Override
    public Future<Void> deploy(Vertx vertx, RoleContext context) {
        return vertx.deployVerticle(new TrainerVerticle(context)).mapEmpty();
    }
}
