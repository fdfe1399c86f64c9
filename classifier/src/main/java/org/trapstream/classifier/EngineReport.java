package org.trapstream.classifier;

import java.util.function.Consumer;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.serving.engine.InferenceEngine;

/**
 * What the serving engine runs on ({@link InferenceEngine#describe}): in {@code /health}, in the log with the
 * classifier's settings, and as {@code camtrap_classifier_backend_info}. Told at start and after each swap,
 * from any thread.
 */
final class EngineReport implements Consumer<JsonObject> {

    private static final Logger LOG = LoggerFactory.getLogger(EngineReport.class);

    private final ClassifierSettings settings;
    private final ClassifierMetrics metrics;
    private volatile JsonObject description = new JsonObject();

    EngineReport(ClassifierSettings settings, ClassifierMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public synchronized void accept(JsonObject engine) {
        if (engine.equals(description)) {
            return;
        }
        description = engine;
        metrics.backend(engine.getString("engine"), engine.getString("backend"), engine.getString("device"));
        LOG.info("Classifier inference engine: {} ({}); {} inference thread(s), batches of up to {} "
                + "waiting at most {} ms, {} decode thread(s), at most {} images in flight",
            engine.getString("engine"), engine.encode(),
            settings.inferenceThreads(), settings.maxBatchSize(), settings.maxQueueDelay().toMillis(),
            settings.decodeThreads(), settings.maxInFlight());
    }

    /** Puts engine, backend and device into a health report. */
    JsonObject addTo(JsonObject health) {
        JsonObject engine = description;
        return health.put("engine", engine.getString("engine"))
            .put("backend", engine.getString("backend"))
            .put("device", engine.getString("device"));
    }
}
