package org.trapstream.ingest;

import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.common.role.RoleContext;
import org.trapstream.image.store.ImageStore;
import org.trapstream.image.store.StoreRetention;

/**
 * Ingest: takes images from cameras over {@code POST /api/v1/images} and from {@code camtrap.images.raw},
 * validates, de-duplicates and stores them, and publishes each to {@code camtrap.images} or, with the reason,
 * to {@code camtrap.images.rejected}, with the capture metadata the image carries and its capture time placed in
 * the deployment's time zone (operators manage deployments over {@code /api/v1/deployments}). Nothing is answered or committed before Kafka has the outcome. With a
 * retention bound set it also sweeps the store it fills ({@link StoreSweeper}).
 */
public final class IngestRole implements Role {

    public static final String NAME = "ingest";

    private static final Logger LOG = LoggerFactory.getLogger(IngestRole.class);

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
            .compose(id -> deploySweeper(vertx, context))
            .onSuccess(id -> {
                context.addRoutes(new ImageUploadRoutes(ingest.authentication(), ingest.intake(), ingest.metrics(),
                    ingest.admission(), ingest.spool(), config.getInt(ImageSettings.IMAGE_MAX_BYTES)));
                context.addRoutes(ingest.deploymentRoutes());
                context.api().describe(IngestRole.class, "openapi.json");
                context.health().register(NAME, ingest::health);
            })
            .mapEmpty();
    }

    /** The image store's sweeper, when a retention bound is set; otherwise images are kept for ever. */
    private static Future<String> deploySweeper(Vertx vertx, RoleContext context) {
        TrapstreamConfig config = context.config();
        StoreRetention.Policy policy = IngestConfig.retention(config);
        if (!policy.bounded()) {
            LOG.info("Image store retention is off: no image is ever deleted");
            return Future.succeededFuture();
        }
        LOG.info("Image store retention: {}", policy);
        return vertx.deployVerticle(new StoreSweeper(new ImageStore(config.imageStoreDir()), policy,
            config.getDuration(IngestConfig.RETENTION_INTERVAL), context.registry()));
    }
}
