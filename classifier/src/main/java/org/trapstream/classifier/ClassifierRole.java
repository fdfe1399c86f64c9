package org.trapstream.classifier;

import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;

/**
 * The classifier role: consumes validated images from camtrap.images, classifies them in micro-batches with
 * the promoted model, and publishes predictions (plus review copies and dead letters); follows camtrap.models
 * to hot-swap newly promoted models. Scale out by starting more instances: they share one consumer group.
 * Health: {@code "classifier": {up, state, previewed, backend, device, model_version, in_flight}}, where
 * {@code previewed} counts the images shown to labelers while no model served (state {@code waiting_for_model}).
 */
public final class ClassifierRole implements Role {

    @Override
    public String name() {
        return "classifier";
    }

    /** Reads images in its group and the models topic by assignment; writes predictions, review and dead letters. */
    @Override
    public KafkaAccess kafkaAccess() {
        return new KafkaAccess(Set.of(Topics.IMAGES, Topics.MODELS),
            Set.of(Topics.PREDICTIONS, Topics.REVIEW, Topics.IMAGES_REJECTED),
            Optional.of(ClassifierConfig.CLASSIFIER_GROUP_ID));
    }

    @Override
    public Future<Void> deploy(Vertx vertx, RoleContext context) {
        ClassifierVerticle verticle = new ClassifierVerticle(context.config(), context.registry());
        context.health().register(name(), verticle::health);
        return vertx.deployVerticle(verticle).mapEmpty();
    }
}
