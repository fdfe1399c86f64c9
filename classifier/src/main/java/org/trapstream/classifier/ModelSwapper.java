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
import org.trapstream.serving.ModelStatus;
import org.trapstream.serving.engine.InferenceEngine;

/**
 * Loads model versions from the registry and swaps them in, as Triton does with its model repository: a
 * version that fails verification (checksum, shape, labels, smoke inference in {@link ModelRegistry#load}) is
 * refused and counted, and the model that served keeps serving.
 *
 * <p>An announcement is trusted only as far as the registry confirms it: the version it names must be the one
 * {@code promoted.json} names, marked promoted in its own metadata, whose checksum (not the announcement's) the
 * model file is checked against. The registry, not a signature, is the authority because only the trainer can
 * write it (the volume is mounted read-only on every other role) and every classifier already trusts it for the
 * model file itself; a signed announcement would add a key to keep and rotate, and a replayed old announcement,
 * signed or not, would still roll classifiers back, where the registry check refuses it. Anyone who can write
 * to camtrap.models can therefore at most make classifiers re-read the registry.
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
            install(promoted.get().version());
            return Optional.of(promoted.get().version());
        }, true).onFailure(this::refused);
    }

    /**
     * Completes with true when the announced version now serves, false when it already did, is not ours, or the
     * registry does not confirm it (then counted as refused).
     */
    Future<Boolean> swapTo(ModelAnnouncement announcement) {
        if (!ModelAnnouncement.DEFAULT_MODEL.equals(announcement.modelName())) {
            return Future.succeededFuture(false);
        }
        return loader.executeBlocking(() -> {
            confirmedByRegistry(announcement);
            if (models.serving().map(ServingModel::version).filter(announcement.version()::equals).isPresent()) {
                return false;
            }
            install(announcement.version());
            return true;
        }, true).otherwise(failure -> {
            refused(failure);
            return false;
        });
    }

    /** @throws RefusedAnnouncement unless the registry serves the announced version with the announced checksum */
    private void confirmedByRegistry(ModelAnnouncement announcement) {
        Optional<ModelMetadata> promoted = registry.promoted();
        if (promoted.isEmpty() || !promoted.get().version().equals(announcement.version())
            || promoted.get().status() != ModelStatus.PROMOTED) {
            throw new RefusedAnnouncement(RefusedAnnouncement.Reason.NOT_PROMOTED, "announced version "
                + announcement.version() + " is not the one the registry promoted ("
                + promoted.map(ModelMetadata::version).orElse("none") + ")");
        }
        if (!promoted.get().sha256().equalsIgnoreCase(announcement.sha256())) {
            throw new RefusedAnnouncement(RefusedAnnouncement.Reason.CHECKSUM_MISMATCH, "announced SHA-256 "
                + announcement.sha256() + " of " + announcement.version() + " differs from the registry's "
                + promoted.get().sha256());
        }
    }

    /** Loads a version, verified against the registry's own metadata ({@link ModelRegistry#load}), and serves it. */
    private void install(String version) {
        long start = System.nanoTime();
        LoadedModel model = registry.load(version);
        Optional<String> previous = models.serving().map(ServingModel::version);
        models.install(ServingModel.of(model, models.threads()));
        metrics.modelServing(model.metadata());
        engineInUse.accept(registry.engines().forFormat(model.metadata().network().format()).describe());
        LOG.info("Model {} serves now (was {}; loaded and verified in {} ms, labels {})", version,
            previous.orElse("none"), (System.nanoTime() - start) / 1_000_000, model.metadata().labels());
    }

    private void refused(Throwable failure) {
        String serving = models.serving().map(ServingModel::version).orElse("no model");
        if (failure instanceof RefusedAnnouncement refusal) {
            metrics.announcementRefused(refusal.reason());
            LOG.warn("Refused a model announcement ({}): {}; {} keeps serving", refusal.reason().code(),
                refusal.getMessage(), serving);
        } else {
            metrics.modelRejected();
            LOG.error("Refused a model: {}; {} keeps serving", failure.getMessage(), serving);
        }
    }
}
