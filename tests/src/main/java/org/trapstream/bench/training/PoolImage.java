package org.trapstream.bench.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.serving.Preprocessor;

/**
 * An image of the replayed feedback pool: its file and label, its id as ingest would assign it (the SHA-256
 * of its bytes, which decides its split), and its pixels decoded once for scoring.
 */
record PoolImage(LabeledImage source, String id, DecodedImage decoded) {

    static PoolImage read(LabeledImage source, int size, ImageLimits limits) {
        try {
            byte[] bytes = Files.readAllBytes(source.file());
            return new PoolImage(source, ImageIds.of(bytes),
                new DecodedImage(Preprocessor.decode(bytes, size, limits), source.label()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source.file(), e);
        }
    }

    String label() {
        return source.label();
    }
}
