package org.trapstream.classifier;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.TopicAdmin;

/**
 * Runs the classifier: makes the {@link ClassifierParts} its verticles share and deploys those verticles, each
 * with one job and each reading Kafka through its own consumer loop:
 * <ul>
 *   <li>{@link ModelFollower}: which model serves, from the registry and camtrap.models (hot swaps);</li>
 *   <li>{@link ColdStartPreview}: while no model serves, the waiting images go up for review without a label;</li>
 *   <li>{@link ImageConsumer}: once a model serves, the consumer group on camtrap.images and the
 *       {@link ClassifierPipeline} each image goes through ({@link DecodeStage}, {@link InferencePool},
 *       {@link Publisher}).</li>
 * </ul>
 * Images are consumed only while a model serves: at a cold start with an empty registry the classifier waits
 * for the first announcement and its partitions stay with other instances of the group meanwhile. A verticle
 * that fails to start fails the deployment; the image consumer, deployed later at a cold start, reports its
 * failure in {@link #health}. Vert.x undeploys the verticles before it stops this one, which then stops the
 * inference threads that the image consumer drained into.
 */
final class ClassifierVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierVerticle.class);

    private final ClassifierParts parts;
    private final EngineReport engine;
    private final ModelFollower follower;
    private final ColdStartPreview preview;
    private final ImageConsumer consumer;
    private volatile Future<String> previewing;
    private volatile Future<String> classifying;

    ClassifierVerticle(TrapstreamConfig config, MeterRegistry registry) {
        this.parts = ClassifierParts.create(config, registry);
        this.engine = new EngineReport(parts.settings(), parts.metrics());
        // The follower tells of swaps on its own context; the deployments below are made on this one.
        this.follower = new ModelFollower(parts, engine, () -> context.runOnContext(ignored -> modelServes()));
        this.preview = new ColdStartPreview(parts);
        this.consumer = new ImageConsumer(parts);
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
                TopicAdmin.ensureTopics(parts.config());
                return null;
            })
            .compose(ready -> {
                parts.inference().start();
                return vertx.deployVerticle(follower);
            })
            .compose(following -> parts.models().serving().isPresent() ? classify() : preview())
            .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    private Future<String> preview() {
        previewing = vertx.deployVerticle(preview);
        return previewing;
    }

    /** After each swap; the first one ends the preview, if one runs. */
    private void modelServes() {
        if (previewing != null) {
            classify();
        }
    }

    /** Deploys the image consumer once, after the preview has stopped. On this verticle's context. */
    private Future<String> classify() {
        if (classifying == null) {
            Future<?> previewEnded = previewing == null
                ? Future.succeededFuture() : previewing.compose(vertx::undeploy);
            classifying = previewEnded.transform(ended -> vertx.deployVerticle(consumer))
                .onFailure(e -> LOG.error("Cannot classify images: {}", e.toString(), e));
        }
        return classifying;
    }

    JsonObject health() {
        boolean waiting = parts.models().serving().isEmpty();
        // A preview that died matters only while it is the one thing showing labelers the waiting images.
        boolean previewUp = !waiting || up(previewing) && preview.healthy();
        boolean up = follower.healthy() && parts.inference().healthy() && previewUp
            && up(classifying) && consumer.healthy();
        return engine.addTo(new JsonObject()
                .put("up", up)
                .put("state", waiting ? "waiting_for_model" : "classifying")
                .put("previewed", preview.previewed()))
            .put("model_version", parts.models().serving().map(ServingModel::version).orElse(null))
            .put("in_flight", consumer.inFlight());
    }

    /** Whether a deployment that was asked for has not failed. */
    private static boolean up(Future<String> deployment) {
        return deployment == null || !deployment.failed();
    }

    /** The verticles it deployed have stopped: the inference threads have nothing more to run. */
    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            parts.inference().stop();
            return null;
        });
    }
}
