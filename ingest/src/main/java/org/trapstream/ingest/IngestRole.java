package org.trapstream.ingest;

import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;

/**
 * Ingest: takes images from cameras over {@code POST /api/v1/images} and from {@code camtrap.images.raw},
 * validates, de-duplicates and stores them, and publishes each to {@code camtrap.images} or, with the reason,
 * to {@code camtrap.images.rejected}. Nothing is answered or committed before Kafka has the outcome.
 */
public final class IngestRole implements Role {

    public static final String NAME = "ingest";

    @Override
    public String name() {
        return NAME;
    }

    /** Reads raw images in its group; writes accepted images and dead letters. */
    @Override
    public KafkaAccess kafkaAccess() {
        return new KafkaAccess(Set.of(Topics.IMAGES_RAW), Set.of(Topics.IMAGES, Topics.IMAGES_REJECTED),
            Optional.of(IngestConfig.INGEST_GROUP_ID));
    }

    @Override
    public Future<Void> deploy(Vertx vertx, RoleContext context) {
        TrapstreamConfig config = context.config();
        IngestVerticle ingest = new IngestVerticle(config, context.registry());
        return vertx.deployVerticle(ingest)
            .onSuccess(id -> {
                context.addRoutes(new ImageUploadRoutes(ingest.authentication(), ingest.intake(), ingest.metrics(),
                    ingest.admission(), ingest.spool(), config.getInt(ImageSettings.IMAGE_MAX_BYTES)));
                context.health().register(NAME, ingest::health);
            })
            .mapEmpty();
    }
}
