package org.trapstream.classifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.Reading;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.InferenceEngines;

/**
 * Keeps the model that serves current: at start it installs the registry's promoted version, then swaps in
 * each version announced on {@link Topics#MODELS} (through the {@link ModelSwapper}, on its one loader thread).
 * Every classifier instance must see every announcement, so it reads every partition of the compacted topic
 * from the beginning, in no group. The backlog found at start is collapsed to the newest announcement per
 * model (replaying old promotions would swap through stale versions); after that, each announcement is applied
 * as it arrives.
 *
 * <p>An announcement is only a hint to look at the registry: what serves is what the registry says
 * ({@link ModelSwapper#swapTo}), and records that cannot be read are refused and counted here.
 */
final class ModelFollower extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final String LOADER_POOL = "classifier-model-loader";

    private final ClassifierParts parts;
    private final EngineReport engine;
    private final Runnable onSwapped;
    /** The newest announcement per model in the backlog, until the loop has caught up with it. */
    private final Map<String, ModelAnnouncement> backlog = new LinkedHashMap<>();
    private boolean caughtUp;
    private WorkerExecutor loader;
    private ModelSwapper swapper;
    private volatile ConsumerLoop loop;

    /** @param onSwapped runs on this verticle's context each time another version starts to serve */
    ModelFollower(ClassifierParts parts, EngineReport engine, Runnable onSwapped) {
        this.parts = parts;
        this.engine = engine;
        this.onSwapped = onSwapped;
    }

    @Override
    public Future<?> start() {
        loader = vertx.createSharedWorkerExecutor(LOADER_POOL, 1);
        swapper = new ModelSwapper(loader, new ModelRegistry(parts.config().modelRegistryDir(),
            InferenceEngines.of(parts.settings().onnxThreads())), parts.models(), parts.metrics(), engine);
        loop = ConsumerLoop.builder(parts.config(), parts.clientId("models"),
                Reading.everyPartitionOf(List.of(Topics.MODELS)))
            .onCaughtUp(this::caughtUp)
            .handle(context, this::read);
        return loader.executeBlocking(() -> new Dl4jEngine().describe())
            .onSuccess(engine::accept)
            // A promoted model that fails verification is refused like any other; wait for the next one.
            .compose(described -> swapper.installPromoted().otherwise(Optional.empty()))
            .compose(installed -> loop.start())
            .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
    }

    @Override
    public Future<?> stop() {
        return loop.stop(Duration.ZERO).eventually(() -> loader.close());
    }

    /** False once its loop died: no more hot swaps (see the log). */
    boolean healthy() {
        ConsumerLoop reading = loop;
        return reading == null || reading.healthy();
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (caughtUp) {
            parse(record).ifPresent(this::swapTo);
        } else if (record.value() == null) {
            backlog.remove(record.key()); // a tombstone: the model was deleted
        } else {
            parse(record).ifPresent(announcement -> backlog.put(announcement.modelName(), announcement));
        }
    }

    private void caughtUp() {
        caughtUp = true;
        backlog.values().forEach(this::swapTo);
        backlog.clear();
    }

    private void swapTo(ModelAnnouncement announcement) {
        swapper.swapTo(announcement).onSuccess(swapped -> {
            if (swapped) {
                onSwapped.run();
            }
        });
    }

    private Optional<ModelAnnouncement> parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelAnnouncement.fromJson(new JsonObject(
                new String(record.value(), StandardCharsets.UTF_8))));
        } catch (ModelAnnouncement.UnsupportedSchemaException e) {
            refuse(record, RefusedAnnouncement.Reason.UNSUPPORTED_SCHEMA, e);
        } catch (RuntimeException e) {
            refuse(record, RefusedAnnouncement.Reason.UNREADABLE, e);
        }
        return Optional.empty();
    }

    private void refuse(ConsumerRecord<String, byte[]> record, RefusedAnnouncement.Reason reason, Exception e) {
        parts.metrics().announcementRefused(reason);
        LOG.warn("Refused the model announcement at offset {} ({}): {}", record.offset(), reason.code(),
            e.getMessage());
    }
}
