package org.trapstream.dashboard;

import java.util.Optional;
import java.util.function.Function;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.trapstream.image.ImageLocations;
import org.trapstream.image.store.ImageStore;

/** The image store seen from event-loop code: every look at the disk runs on the dashboard's I/O workers. */
record StoredImages(ImageStore store, WorkerExecutor io) {

    /** Whether the store holds the image; {@code imageId} must be a valid id. */
    Future<Boolean> contains(String imageId) {
        // Unordered: requests are independent, and ordering would serialise them on one worker.
        return io.executeBlocking(() -> store.contains(imageId), false);
    }

    /** Keeps the image from the store's retention while it waits for review ({@link ImageStore#keep}). */
    Future<Void> keep(String imageId) {
        return io.executeBlocking(() -> {
            if (store.contains(imageId)) {
                store.keep(imageId);
            }
            return null;
        }, false);
    }

    /** The stored bytes; {@code imageId} must be a valid id. */
    Future<Optional<byte[]>> read(String imageId) {
        return io.executeBlocking(() -> store.read(imageId), false);
    }

    /** The stored bytes without where the image was taken ({@link ImageLocations}). */
    Future<Optional<byte[]>> readWithoutLocation(String imageId) {
        return readMapped(imageId, ImageLocations::removed);
    }

    /** The stored bytes turned into something else on the I/O workers, such as a scaled copy. */
    <T> Future<Optional<T>> readMapped(String imageId, Function<byte[], T> transform) {
        return io.executeBlocking(() -> store.read(imageId).map(transform), false);
    }
}
