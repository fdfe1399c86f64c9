package org.trapstream.trainer.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.image.store.ImageStore;

/**
 * Brings a dataset's image files into the image store: each is checked like an ingested one (format and size
 * limits), stored under its content id and marked kept ({@link ImageStore#keep}), so the store's retention never
 * deletes it. Blocking.
 */
public final class DatasetImages {

    private final ImageStore store;
    private final ImageLimits limits;

    public DatasetImages(ImageStore store, ImageLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** The stored image's id; empty when it fails the checks, counted in {@code skipped} as {@code invalid_image:*}. */
    public Optional<String> add(Path file, Map<String, Integer> skipped) {
        byte[] bytes = read(file);
        try {
            ImageProbe.probe(bytes, limits);
        } catch (ImageRejectedException e) {
            skipped.merge("invalid_image:" + e.reason().code(), 1, Integer::sum);
            return Optional.empty();
        }
        String id = ImageIds.of(bytes);
        store.put(id, bytes);
        store.keep(id);
        return Optional.of(id);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
