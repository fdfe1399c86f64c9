package org.trapstream.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.OffsetTracker;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.image.store.ImageStore;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.InferenceEngines;

/**
 * Wires the classifier's parts together and runs their life cycle; each part does one job and can be read
 * alone:
 * <ul>
 *   <li>{@link ImageConsumer}: the consumer group on camtrap.images, flow control ({@link InFlightLimit}) and
 *       commits ({@link OffsetTracker});</li>
 *   <li>{@link ClassifierPipeline}: the futures one image goes through, on this verticle's event loop;</li>
 *   <li>{@link DecodeStage}: reading (from the record or the image store), decoding and preprocessing on the
 *       {@value #DECODE_POOL} worker pool;</li>
 *   <li>{@link InferencePool}: the {@link BatchAggregator} and the {@link InferenceWorker} threads;</li>
 *   <li>{@link Publisher}: predictions, review copies and dead letters, acknowledged by Kafka;</li>
 *   <li>{@link ModelHolder}, {@link ModelSwapper}, {@link ModelFollower}: which model serves, hot swaps;</li>
 *   <li>{@link ColdStartPreview}: review items without a label for the images that wait while no model serves.</li>
 * </ul>
 * Images are consumed only while a model serves: at a cold start with an empty registry the classifier waits
 * for the first announcement and its partitions stay with other instances of the group meanwhile, while the
 * preview shows the waiting images to labelers (without committing) so that the first model can be trained.
 */
final class ClassifierVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierVerticle.class);
    static final String DECODE_POOL = "classifier-decode";
    private static final String LOADER_POOL = "classifier-model-loader";

    private final TrapstreamConfig config;
    private final ClassifierSettings settings;
    private final MeterRegistry registry;
    private final String clientId = "trapstream-classifier-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<KafkaClientMetrics> clientMetrics = new ArrayList<>();
    private final OffsetTracker tracker = new OffsetTracker();
    private final InFlightLimit limit;
    private final ModelHolder models;
    private ClassifierMetrics metrics;
    private Executor onContext;
    private WorkerExecutor loader;
    private WorkerExecutor decodePool;
    private ModelSwapper swapper;
    private InferencePool inference;
    private Publisher publisher;
    private ClassifierPipeline pipeline;
    private ModelFollower follower;
    private boolean consumeRequested;
    private volatile boolean stopping;
    private volatile ImageConsumer consumer;
    private volatile ColdStartPreview preview;
    private volatile Throwable consumerFailure;
    private volatile JsonObject backend = new JsonObject();

    ClassifierVerticle(TrapstreamConfig config, MeterRegistry registry) {
        this.config = config;
        this.settings = ClassifierSettings.from(config);
        this.registry = registry;
        this.limit = new InFlightLimit(settings.maxInFlight());
        this.models = new ModelHolder(settings.inferenceThreads());
    }

    @Override
    public Future<?> start() {
        metrics = new ClassifierMetrics(registry, settings.maxBatchSize());
        metrics.inFlight(limit::current);
        loader = vertx.createSharedWorkerExecutor(LOADER_POOL, 1);
        decodePool = vertx.createSharedWorkerExecutor(DECODE_POOL, settings.decodeThreads());
        swapper = new ModelSwapper(loader, new ModelRegistry(config.modelRegistryDir(),
            InferenceEngines.of(settings.onnxThreads())), models, metrics, this::reportBackend);
        onContext = task -> context.runOnContext(ignored -> task.run());
        inference = new InferencePool(settings, models, metrics, onContext);
        return loader.executeBlocking(() -> {
                TopicAdmin.ensureTopics(config);
                return new Dl4jEngine().describe();
            })
            .onSuccess(this::reportBackend)
            .compose(ignored -> loader.executeBlocking(this::createClients))
            .compose(producer -> {
                publisher = new Publisher(vertx, KafkaWriteStream.create(vertx, producer));
                pipeline = new ClassifierPipeline(new DecodeStage(decodePool, models,
                    new ImageStore(config.imageStoreDir()), settings.imageLimits(), metrics),
                    inference, new PredictionBuilder(settings.topK(), reviewPolicy()), publisher, tracker, limit,
                    metrics);
                // A promoted model that fails verification is refused like any other; wait for the next one.
                return swapper.installPromoted().otherwise(Optional.empty());
            })
            .onSuccess(ignored -> {
                inference.start();
                follower.start();
                if (models.serving().isEmpty()) {
                    previewUntilServing();
                }
                consumeOnceServing();
            })
            .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    private ReviewPolicy reviewPolicy() {
        return new ReviewPolicy(settings.reviewMinConfidence(), settings.reviewMinMargin(),
            settings.reviewSampleRate(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Called at start with DL4J's description, and after each swap with the serving engine's; any thread. */
    private void reportBackend(JsonObject description) {
        if (description.equals(backend)) {
            return;
        }
        backend = description;
        metrics.backend(description.getString("engine"), description.getString("backend"),
            description.getString("device"));
        LOG.info("Classifier inference engine: {} ({}); {} inference thread(s), batches of up to {} "
                + "waiting at most {} ms, {} decode thread(s), at most {} images in flight",
            description.getString("engine"), description.encode(),
            settings.inferenceThreads(), settings.maxBatchSize(), settings.maxQueueDelay().toMillis(),
            settings.decodeThreads(), settings.maxInFlight());
    }

    /** Blocking (client constructors resolve addresses): the producer, and the follower with its consumer. */
    private KafkaProducer<String, byte[]> createClients() {
        Map<String, Object> producerProps = new HashMap<>(KafkaClients.producer(config, clientId + "-producer"));
        // Predictions are small and each offset commit waits for their acknowledgement: send at once (~5 ms p50).
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps);
        bind(new KafkaClientMetrics(producer));
        follower = new ModelFollower(new KafkaConsumer<>(followerConsumerProperties()),
            announcement -> context.runOnContext(ignored -> swapTo(announcement)));
        return producer;
    }

    /** Every instance must see every announcement: an assign-only consumer in no group, which never commits. */
    private Map<String, Object> followerConsumerProperties() {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(config, "none", clientId + "-models"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    private void swapTo(ModelAnnouncement announcement) {
        swapper.swapTo(announcement).onSuccess(swapped -> {
            if (swapped) {
                consumeOnceServing();
            }
        });
    }

    /**
     * Starts the cold start preview. Runs on the event loop, before any announcement can be applied; the work is
     * on the loader, ordered before the swap that ends the preview.
     */
    private void previewUntilServing() {
        loader.executeBlocking(() -> {
            if (!stopping && models.serving().isEmpty()) {
                ColdStartPreview started = createPreview();
                metrics.coldStartPreviews(started);
                started.start();
                preview = started;
            }
            return null;
        }).onFailure(e -> {
            consumerFailure = e;
            LOG.error("Cannot start the cold start preview of {}: {}", Topics.IMAGES, e.toString(), e);
        });
    }

    private ColdStartPreview createPreview() {
        InFlightLimit previewLimit = new InFlightLimit(settings.maxInFlight());
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(config, settings.groupId(), clientId + "-preview"));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(previewLimit.pollSize()));
        return new ColdStartPreview(new KafkaConsumer<>(props), previewLimit, onContext, publisher::review);
    }

    /** Blocking: the preview stops before the group consumer starts from the offsets it left untouched. */
    private void endPreview() throws InterruptedException {
        ColdStartPreview running = preview;
        if (running != null) {
            running.stop();
        }
    }

    /** Starts the image consumer the first time a model serves; idempotent. Runs on the event loop. */
    private void consumeOnceServing() {
        if (consumeRequested || models.serving().isEmpty()) {
            return;
        }
        consumeRequested = true;
        // On the loader, so that it is ordered with stop(), which runs there too.
        loader.executeBlocking(() -> {
            endPreview();
            if (!stopping) {
                consumer = createImageConsumer();
                consumer.start();
                LOG.info("Classifying {} as consumer group {} with model {}", Topics.IMAGES, settings.groupId(),
                    models.serving().map(ServingModel::version).orElseThrow());
            }
            return null;
        }).onFailure(e -> {
            consumerFailure = e;
            LOG.error("Cannot start consuming {}: {}", Topics.IMAGES, e.toString(), e);
        });
    }

    private ImageConsumer createImageConsumer() {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(config, settings.groupId(), clientId + "-images"));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(limit.pollSize()));
        KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(props);
        bind(new KafkaClientMetrics(kafka));
        return new ImageConsumer(kafka, tracker, limit,
            records -> context.runOnContext(ignored -> records.forEach(pipeline::accept)));
    }

    private synchronized void bind(KafkaClientMetrics binder) {
        binder.bindTo(registry);
        clientMetrics.add(binder);
    }

    JsonObject health() {
        ImageConsumer images = consumer;
        ColdStartPreview previewing = preview;
        boolean waiting = models.serving().isEmpty();
        // A preview that died matters only while it is the one thing showing labelers the waiting images.
        boolean up = consumerFailure == null && (images == null || images.healthy())
            && (previewing == null || previewing.healthy() || !waiting)
            && (follower == null || follower.healthy()) && (inference == null || inference.healthy());
        return new JsonObject()
            .put("up", up)
            .put("state", waiting ? "waiting_for_model" : "classifying")
            .put("previewed", previewing == null ? 0 : previewing.previewed())
            .put("engine", backend.getString("engine"))
            .put("backend", backend.getString("backend"))
            .put("device", backend.getString("device"))
            .put("model_version", models.serving().map(ServingModel::version).orElse(null))
            .put("in_flight", limit.current());
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        return loader.executeBlocking(() -> {
                if (follower != null) {
                    follower.stop();
                }
                endPreview();
                ImageConsumer images = consumer;
                if (images != null) {
                    images.stop(settings.drainTimeout());
                }
                inference.stop();
                return null;
            })
            .eventually(() -> publisher == null ? Future.succeededFuture() : publisher.close())
            .eventually(() -> {
                synchronized (this) {
                    clientMetrics.forEach(KafkaClientMetrics::close);
                }
                return Future.all(decodePool.close(), loader.close());
            });
    }
}
