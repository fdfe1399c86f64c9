package org.trapstream.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AuthSettings;
import org.trapstream.common.auth.BearerAuthentication;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Device;
import org.trapstream.common.auth.Person;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;

/**
 * Owns ingest's resources: the worker pool, the Kafka producer and the raw-topic consumer, the
 * {@link ImageIntake} that both the consumer and the HTTP route use, the route's {@link UploadAdmission} and
 * {@link UploadSpool}, and the {@link DeploymentBook} that places capture times with its {@link DeploymentRoutes}. Stopping it leaves the consumer group first, then flushes and closes the producer.
 */
final class IngestVerticle extends VerticleBase {

    static final String WORKER_POOL = "trapstream-ingest-worker";
    /** Under the data dir: bodies of uploads on their way in. */
    static final String UPLOADS_DIR = "uploads";
    /** Distinct per client: Kafka and Micrometer tell the clients' metrics apart by it. */
    private static final String CLIENT_ID = "trapstream-ingest";
    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

    private final TrapstreamConfig config;
    private final MeterRegistry registry;
    private WorkerExecutor workers;
    private KafkaProducer<String, byte[]> producer;
    private RawImageConsumer rawConsumer;
    private KafkaClientMetrics producerMetrics;
    private IngestMetrics metrics;
    private ImageIntake intake;
    private UploadAdmission admission;
    private UploadSpool spool;
    private ImageStore store;
    private BearerAuthentication<Device> authentication;
    private DeploymentBook deployments;
    private DeploymentRoutes deploymentRoutes;
    private volatile boolean producerOpen;

    IngestVerticle(TrapstreamConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        List<Credential<Device>> devices;
        List<Credential<Person>> people;
        try {
            devices = AuthSettings.devices(IngestConfig.INGEST_DEVICES, config.getList(IngestConfig.INGEST_DEVICES));
            people = AuthSettings.people(IngestConfig.INGEST_PEOPLE, config.getList(IngestConfig.INGEST_PEOPLE));
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        if (devices.isEmpty()) {
            LOG.warn("{} is empty: every upload over HTTP is refused", IngestConfig.INGEST_DEVICES);
        }
        if (people.isEmpty()) {
            LOG.warn("{} is empty: every request to {} is refused", IngestConfig.INGEST_PEOPLE, DeploymentRoutes.PATH);
        }
        ImageLimits limits = ImageLimits.from(config);
        metrics = new IngestMetrics(registry, limits.maxBytes());
        workers = vertx.createSharedWorkerExecutor(WORKER_POOL, config.getInt(IngestConfig.INGEST_WORKER_THREADS));
        admission = UploadAdmission.from(config);
        metrics.trackUploads(admission);
        // one byte over the limit is read, so that an image just too large is dead-lettered like other rejects
        spool = new UploadSpool(vertx, workers, config.dataDir().resolve(UPLOADS_DIR), limits.maxBytes() + 1L);
        // Kafka's client constructors load classes, resolve hosts and register MBeans: seconds on a busy machine
        // (the consumer's loop creates its client on its own thread).
        return workers.executeBlocking(() -> {
            spool.prepare();
            deployments = openDeployments();
            return createProducer();
        }).compose(created -> {
            producer = created;
            producerOpen = true;
            producerMetrics = new KafkaClientMetrics(producer.unwrap());
            producerMetrics.bindTo(registry);
            store = new ImageStore(config.imageStoreDir());
            authentication = UploadAuthentication.handler(devices, AuthSettings.verifier(config, workers), registry);
            deploymentRoutes = new DeploymentRoutes(
                new AccessGuard(people, AuthSettings.verifier(config, workers), registry, IngestRole.NAME),
                deployments, workers);
            intake = new ImageIntake(workers, producer, new ImageValidator(limits, IngestConfig.imagePayload(config),
                new CapturePlacement(deployments), metrics), store, metrics);
            rawConsumer = new RawImageConsumer(context, config, CLIENT_ID + "-consumer", intake, metrics, registry);
            return rawConsumer.start();
        });
    }

    private DeploymentBook openDeployments() {
        String table = config.getString(IngestConfig.INGEST_DEPLOYMENTS_FILE);
        DeploymentBook book = DeploymentBook.open(config.dataDir().resolve(DeploymentBook.FILE),
            table.isEmpty() ? Optional.empty() : Optional.of(Path.of(table)), DurableFiles.onDisk());
        LOG.info("{} deployments known", book.all().size());
        return book;
    }

    private KafkaProducer<String, byte[]> createProducer() {
        return KafkaProducer.create(vertx, KafkaClients.producer(config, CLIENT_ID + "-producer"));
    }

    @Override
    public Future<?> stop() {
        producerMetrics.close();
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

    /** Set once started: lets an upload through only with a credential for its camera. */
    BearerAuthentication<Device> authentication() {
        return authentication;
    }

    /** Set once started: the operators' deployments over HTTP. */
    DeploymentRoutes deploymentRoutes() {
        return deploymentRoutes;
    }

    /** Set once started. */
    IngestMetrics metrics() {
        return metrics;
    }

    /** Set once started. */
    UploadAdmission admission() {
        return admission;
    }

    /** Set once started. */
    UploadSpool spool() {
        return spool;
    }

    /** Down while the producer is closed, the raw consumer stopped, or the image store cannot take images. */
    JsonObject health() {
        Optional<String> storeFailure = store.writeFailure();
        return new JsonObject()
            .put("up", producerOpen && rawConsumer.running() && storeFailure.isEmpty())
            .put("producer", producerOpen ? "open" : "closed")
            .put("raw_consumer", rawConsumer.status())
            .put("image_store", storeFailure.orElse("writable"));
    }
}
