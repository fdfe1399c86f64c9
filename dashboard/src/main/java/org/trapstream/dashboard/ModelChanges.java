package org.trapstream.dashboard;

import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.serving.ModelPromoter;
import org.trapstream.serving.ModelRegistry;

/**
 * Owns the producer of {@link Topics#MODELS} and changes which version serves for the operators' buttons, through
 * the {@link ModelPromoter} the {@code models} command uses. Changes run one at a time on a worker thread of their
 * own: each writes the registry and then waits for Kafka's acknowledgement, which must not hold up image reads.
 */
final class ModelChanges extends VerticleBase {

    private static final String POOL = "trapstream-dashboard-models";

    private final TrapstreamConfig config;
    private final ModelRegistry registry;
    private KafkaProducer<String, byte[]> producer;
    private WorkerExecutor worker;
    private ModelPromoter promoter;

    ModelChanges(TrapstreamConfig config, ModelRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        producer = KafkaProducer.create(vertx, KafkaClients.producer(config, "trapstream-dashboard-models"));
        worker = vertx.createSharedWorkerExecutor(POOL, 1);
        promoter = new ModelPromoter(registry, Optional.of(producer.unwrap()));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return Future.all(producer.close(), worker.close());
    }

    /** Makes {@code version} serve and announces it, as {@code trapstream models promote} does. */
    Future<ModelAnnouncement> promote(String version) {
        return worker.executeBlocking(() -> promoter.promote(version));
    }

    /** Serves the version that served before the current one and announces it, as {@code models rollback} does. */
    Future<ModelAnnouncement> rollback() {
        return worker.executeBlocking(promoter::rollback);
    }
}
