package org.trapstream.classifier;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.image.ImageHead;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.image.store.ImageStore;
import org.trapstream.serving.Preprocessor;

/**
 * Reads, decodes and preprocesses images on a named, sized worker pool with the serving model's {@link
 * Preprocessor} (the same code the trainer uses). The bytes are the record's value, or, for a {@link
 * ImagePayload#STORED} record, the image store's copy, of which the head is read first: when the camera's EXIF
 * thumbnail stands in for the frame (see {@code ImageDecoder}), the rest of the file is never read. Unusable or
 * unavailable images fail the future with an {@code ImageRejectedException}, whose reason goes into the dead
 * letter.
 */
record DecodeStage(WorkerExecutor pool, ModelHolder models, ImageStore store, ImageLimits limits,
                   ClassifierMetrics metrics) {

    /** Covers a camera JPEG's EXIF segment with its thumbnail, which is at most 64 KiB and comes first. */
    static final int HEAD_BYTES = 64 * 1024;

    /** Completes on the caller's context. */
    Future<PreparedImage> prepare(ImageRecord image) {
        long submitted = System.nanoTime();
        return pool.executeBlocking(() -> {
            long start = System.nanoTime();
            ServingModel model = models.serving().orElseThrow(() -> new IllegalStateException("No model serves yet"));
            Preprocessor.Input input = image.payload() == ImagePayload.INLINE
                ? model.preprocessor().prepare(image.value(), limits)
                : fromStore(image, model.preprocessor());
            metrics.decoded(input.source());
            Supplier<byte[]> bytes = () -> image.payload() == ImagePayload.INLINE ? image.value() : whole(image);
            return new PreparedImage(bytes, input.values(), model.metadata(), start - submitted,
                System.nanoTime() - start);
        }, false);
    }

    private Preprocessor.Input fromStore(ImageRecord image, Preprocessor preprocessor) {
        ImageHead head = read(image, () -> store.readHead(image.imageId(), HEAD_BYTES), ImageHead::fileSize,
            found -> found.bytes().length);
        if (head.complete()) {
            return preprocessor.prepare(head.bytes(), limits);
        }
        // Ingest probed the whole file before it stored it; the record carries the frame size it found.
        Optional<Preprocessor.Input> thumbnail =
            preprocessor.prepareFromThumbnail(head, image.width(), image.height(), limits);
        return thumbnail.orElseGet(() -> preprocessor.prepare(whole(image), limits));
    }

    private byte[] whole(ImageRecord image) {
        return read(image, () -> store.read(image.imageId()), bytes -> bytes.length, bytes -> bytes.length);
    }

    /**
     * Reads from the store, counting the bytes read and refusing what is missing or shorter or longer than the
     * record says.
     */
    private <T> T read(ImageRecord image, Supplier<Optional<T>> reading, ToLongFunction<T> size,
                       ToLongFunction<T> bytesRead) {
        T found;
        try {
            found = reading.get().orElseThrow(() -> unavailable(image, "it is not in the image store at "
                + store.root() + " (does this classifier share ingest's data dir?)"));
        } catch (UncheckedIOException e) {
            throw unavailable(image, "the image store could not read it: " + e.getCause());
        }
        metrics.readFromStore(bytesRead.applyAsLong(found));
        if (size.applyAsLong(found) != image.size()) {
            throw unavailable(image, "the image store holds " + size.applyAsLong(found) + " bytes of it, the record "
                + "says " + image.size());
        }
        return found;
    }

    private static ImageRejectedException unavailable(ImageRecord image, String why) {
        return new ImageRejectedException(RejectReason.IMAGE_UNAVAILABLE, "image " + image.imageId() + ": " + why);
    }
}
