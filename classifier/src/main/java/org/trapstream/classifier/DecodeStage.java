package org.trapstream.classifier;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.trapstream.common.image.ImageLimits;
import org.trapstream.model.Preprocessor;

/**
 * Decodes and preprocesses images on a named, sized worker pool with the serving model's {@link
 * org.trapstream.model.Preprocessor} (the same code the trainer uses). Unusable bytes fail the future with the
 * decoder's {@code ImageRejectedException}, whose reason goes into the dead letter.
 */
final class DecodeStage {

    private final WorkerExecutor pool;
    private final ModelHolder models;
    private final ImageLimits limits;
    private final ClassifierMetrics metrics;

    DecodeStage(WorkerExecutor pool, ModelHolder models, ImageLimits limits, ClassifierMetrics metrics) {
        this.pool = pool;
        this.models = models;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Completes on the caller's context. */
    Future<PreparedImage> prepare(byte[] bytes) {
        long submitted = System.nanoTime();
        return pool.executeBlocking(() -> {
            long start = System.nanoTime();
            ServingModel model = models.serving().orElseThrow(() -> new IllegalStateException("No model serves yet"));
            Preprocessor.Input input = model.preprocessor().prepare(bytes, limits);
            metrics.decoded(input.source());
            return new PreparedImage(bytes, input.values(), model.metadata(), start - submitted,
                System.nanoTime() - start);
        }, false);
    }
}
