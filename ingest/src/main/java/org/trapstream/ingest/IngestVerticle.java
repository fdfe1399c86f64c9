package org.trapstream.ingest;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;

/**
 * Owns ingest's resources: the worker pool, the Kafka producer and the raw-topic consumer, and the
 * {@link ImageIntake} that both the consumer and the HTTP route use. Stopping it leaves the consumer group
 * first, then flushes and closes the producer.
 */
final class IngestVerticle extends VerticleBase {

    static final String WORKER_POOL = "trapstream-ingest-worker";
    /** Distinct per client: Kafka and Micrometer tell the clients' metrics apart by it. */
    private static final String CLIENT_ID = "trapstream-ingest";

    private final TrapstreamConfig config;
    private final MeterRegistry registry;
    private WorkerExecutor workers;
    private KafkaProducer<String, byte[]> producer;
    private RawImageConsumer rawConsumer;
    private List<KafkaClientMetrics> clientMetrics;
    private IngestMetrics metrics;
    private ImageIntake intake;
    private volatile boolean producerOpen;

    IngestVerticle(TrapstreamConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        ImageLimits limits = ImageLimits.from(config);
        metrics = new IngestMetrics(registry, limits.maxBytes());
        workers = vertx.createSharedWorkerExecutor(WORKER_POOL, config.getInt(TrapstreamConfig.INGEST_WORKER_THREADS));
        // Kafka's client constructors load classes, resolve hosts and register MBeans: seconds on a busy machine.
        return workers.executeBlocking(this::createClients).compose(consumer -> {
            clientMetrics = List.of(new KafkaClientMetrics(producer.unwrap()), new KafkaClientMetrics(consumer.unwrap()));
            clientMetrics.forEach(binder -> binder.bindTo(registry));
            intake = new ImageIntake(workers, producer, new ImageValidator(limits, config.ingestImagePayload()),
                new ImageStore(config.imageStoreDir()), metrics);
            rawConsumer = new RawImageConsumer(vertx, consumer, intake,
                config.getInt(TrapstreamConfig.INGEST_MAX_IN_FLIGHT), metrics);
            return rawConsumer.start();
        });
    }

    private KafkaConsumer<String, byte[]> createClients() {
        producer = KafkaProducer.create(vertx, KafkaClients.producer(config, CLIENT_ID + "-producer"));
        producerOpen = true;
        return KafkaConsumer.create(vertx,
            KafkaClients.consumer(config, config.getString(TrapstreamConfig.INGEST_GROUP_ID), CLIENT_ID + "-consumer"));
    }

    @Override
    public Future<?> stop() {
        clientMetrics.forEach(KafkaClientMetrics::close);
        return rawConsumer.stop()
            .eventually(() -> {
                producerOpen = false;
                return producer.close();
            })
            .eventually(() -> workers.close());
    }

    /** Set once started. */
    ImageIntake intake() {
        return intake;
    }

    /** Set once started. */
    IngestMetrics metrics() {
        return metrics;
    }

    JsonObject health() {
        return new JsonObject()
            .put("up", producerOpen && rawConsumer.running())
            .put("producer", producerOpen ? "open" : "closed")
            .put("raw_consumer", rawConsumer.status());
    }
}
