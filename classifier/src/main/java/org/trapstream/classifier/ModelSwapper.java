package org.trapstream.classifier;

import java.util.Optional;
import java.util.function.Consumer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelVerificationException;
import org.trapstream.serving.engine.InferenceEngine;

/**
 * Loads model versions from the registry and swaps them in, as Triton does with its model repository: a
 * version that fails verification (checksum, shape, labels, smoke inference in {@link ModelRegistry#load}, plus
 * the checksum the announcement carries) is refused and counted, and the model that served keeps serving.
 *
 * <p>Loading runs on a one-thread worker pool, in announcement order: two quick promotions are applied one
 * after the other and the last one wins. The swap itself only replaces references (see {@link ModelHolder}).
 */
final class ModelSwapper {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSwapper.class);

    private final WorkerExecutor loader;
    private final ModelRegistry registry;
    private final ModelHolder models;
    private final ClassifierMetrics metrics;

    private final Consumer<JsonObject> engineInUse;

    /** @param engineInUse told, after each swap, what the engine that now serves runs on ({@link InferenceEngine#describe}) */
    ModelSwapper(WorkerExecutor loader, ModelRegistry registry, ModelHolder models, ClassifierMetrics metrics,
                 Consumer<JsonObject> engineInUse) {
        this.loader = loader;
        this.registry = registry;
        this.models = models;
        this.metrics = metrics;
        this.engineInUse = engineInUse;
    }

    /** Serves the registry's promoted version; completes with its version, or empty when none is promoted. */
    Future<Optional<String>> installPromoted() {
        return loader.<Optional<String>>executeBlocking(() -> {
            Optional<ModelMetadata> promoted = registry.promoted();
            if (promoted.isEmpty()) {
                LOG.warn("No model is promoted in {} yet: the classifier will not classify images until one is "
                    + "announced on camtrap.models; meanwhile it puts them up for review", registry.root());
                return Optional.empty();
            }
            install(promoted.get().version(), promoted.get().sha256());
            return Optional.of(promoted.get().version());
        }, true).onFailure(this::refused);
    }

    /** Completes with true when the announced version now serves, false when it already did or is not ours. */
    Future<Boolean> swapTo(ModelAnnouncement announcement) {
        if (!ModelAnnouncement.DEFAULT_MODEL.equals(announcement.modelName())) {
            return Future.succeededFuture(false);
        }
        return loader.executeBlocking(() -> {
            if (models.serving().map(ServingModel::version).filter(announcement.version()::equals).isPresent()) {
                return false;
            }
            install(announcement.version(), announcement.sha256());
            return true;
        }, true).onFailure(this::refused);
    }

    private void install(String version, String expectedSha256) {
        long start = System.nanoTime();
        LoadedModel model = registry.load(version);
        if (expectedSha256 == null || !expectedSha256.equalsIgnoreCase(model.metadata().sha256())) {
            model.close();
            throw new ModelVerificationException(version + ": announced SHA-256 " + expectedSha256
                + " differs from the registry's " + model.metadata().sha256());
        }
        Optional<String> previous = models.serving().map(ServingModel::version);
        models.install(ServingModel.of(model, models.threads()));
        metrics.modelVersion(version);
        engineInUse.accept(registry.engines().forFormat(model.metadata().network().format()).describe());
        LOG.info("Model {} serves now (was {}; loaded and verified in {} ms, labels {})", version,
            previous.orElse("none"), (System.nanoTime() - start) / 1_000_000, model.metadata().labels());
    }

    private void refused(Throwable failure) {
        metrics.modelRejected();
        LOG.error("Refused a model: {}; {} keeps serving", failure.getMessage(),
            models.serving().map(ServingModel::version).orElse("no model"));
    }
}
