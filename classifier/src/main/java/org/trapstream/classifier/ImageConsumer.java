package org.trapstream.classifier;


import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.Reading;
import org.trapstream.image.store.ImageStore;

/**
 * Classifies {@link Topics#IMAGES} as a member of the classifier's consumer group: a {@link ConsumerLoop} hands
 * each record to the {@link ClassifierPipeline} on this verticle's event loop, pauses at
 * {@code classifier.max.in.flight} images, and commits an image's offset once its outcome is acknowledged.
 * Owns the pipeline's decode pool and producer; stopping lets the images in flight finish for
 * {@code classifier.drain.timeout}, so that their offsets get committed, before it closes them.
 */
final class ImageConsumer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ImageConsumer.class);
    static final String DECODE_POOL = "classifier-decode";

    private final ClassifierParts parts;
    private WorkerExecutor decodePool;
    private Publisher publisher;
    private volatile ConsumerLoop loop;

    ImageConsumer(ClassifierParts parts) {
        this.parts = parts;
    }

    @Override
    public Future<?> start() {
        ClassifierSettings settings = parts.settings();
        decodePool = vertx.createSharedWorkerExecutor(DECODE_POOL, settings.decodeThreads());
        return Publisher.open(vertx, parts.config(), parts.clientId("producer"), parts.registry())
            .compose(opened -> {
                publisher = opened;
                loop = ConsumerLoop.builder(parts.config(), parts.clientId("images"),
                        Reading.asMemberOf(settings.groupId(), Topics.IMAGES))
                    .maxInFlight(settings.maxInFlight())
                    .metrics(parts.registry())
                    .handleAsync(context, pipeline()::process);
                parts.metrics().inFlight(this);
                return loop.start();
            })
            .onSuccess(started -> LOG.info("Classifying {} as consumer group {} with model {}", Topics.IMAGES,
                settings.groupId(), parts.models().serving().map(ServingModel::version).orElseThrow()))
            .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    private ClassifierPipeline pipeline() {
        ClassifierSettings settings = parts.settings();
        DecodeStage decode = new DecodeStage(decodePool, parts.models(), new ImageStore(parts.config().imageStoreDir()),
            settings.imageLimits(), parts.metrics());
        return new ClassifierPipeline(decode, parts.inference(),
            new PredictionBuilder(settings.topK(), settings.review(), settings.emptyFrames(), parts.newCameras()),
            publisher, parts.metrics());
    }

    @Override
    public Future<?> stop() {
        Future<?> stopped = loop == null ? Future.succeededFuture() : loop.stop(parts.settings().drainTimeout());
        return stopped
            .eventually(() -> publisher == null ? Future.succeededFuture() : publisher.close())
            .eventually(() -> decodePool.close());
    }

    /** False once its loop died; see the log. */
    boolean healthy() {
        ConsumerLoop reading = loop;
        return reading == null || reading.healthy();
    }

    int inFlight() {
        ConsumerLoop reading = loop;
        return reading == null ? 0 : reading.inFlight();
    }
}
