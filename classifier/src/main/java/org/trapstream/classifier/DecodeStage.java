package org.trapstream.classifier;

import java.io.UncheckedIOException;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.image.ImageLimits;
import org.trapstream.common.image.ImageRejectedException;
import org.trapstream.common.store.ImageStore;
import org.trapstream.model.Preprocessor;

/**
 * Reads, decodes and preprocesses images on a named, sized worker pool with the serving model's {@link
 * org.trapstream.model.Preprocessor} (the same code the trainer uses). The bytes are the record's value, or, for
 * a {@link ImagePayload#STORED} record, the image store's copy. Unusable or unavailable images fail the future
 * with an {@code ImageRejectedException}, whose reason goes into the dead letter.
 */
final class DecodeStage {

    private final WorkerExecutor pool;
    private final ModelHolder models;
    private final ImageStore store;
    private final ImageLimits limits;
    private final ClassifierMetrics metrics;

    DecodeStage(WorkerExecutor pool, ModelHolder models, ImageStore store, ImageLimits limits,
                ClassifierMetrics metrics) {
        this.pool = pool;
        this.models = models;
        this.store = store;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Completes on the caller's context. */
    Future<PreparedImage> prepare(ImageRecord image) {
        long submitted = System.nanoTime();
        return pool.executeBlocking(() -> {
            long start = System.nanoTime();
            ServingModel model = models.serving().orElseThrow(() -> new IllegalStateException("No model serves yet"));
            byte[] bytes = bytesOf(image);
            Preprocessor.Input input = model.preprocessor().prepare(bytes, limits);
            metrics.decoded(input.source());
            return new PreparedImage(bytes, input.values(), model.metadata(), start - submitted,
                System.nanoTime() - start);
        }, false);
    }

    private byte[] bytesOf(ImageRecord image) {
        if (image.payload() == ImagePayload.INLINE) {
            return image.value();
        }
        byte[] bytes;
        try {
            bytes = store.read(image.imageId()).orElseThrow(() -> unavailable(image,
                "it is not in the image store at " + store.root() + " (does this classifier share ingest's data dir?)"));
        } catch (UncheckedIOException e) {
            throw unavailable(image, "the image store could not read it: " + e.getCause());
        }
        if (bytes.length != image.size()) {
            throw unavailable(image, "the image store holds " + bytes.length + " bytes of it, the record says "
                + image.size());
        }
        return bytes;
    }

    private static ImageRejectedException unavailable(ImageRecord image, String why) {
        return new ImageRejectedException(RejectReason.IMAGE_UNAVAILABLE, "image " + image.imageId() + ": " + why);
    }
}
