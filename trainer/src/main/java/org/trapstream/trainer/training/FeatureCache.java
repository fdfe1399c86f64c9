package org.trapstream.trainer.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.trapstream.common.io.DurableFiles;

/**
 * Feature vectors of stored images under one backbone, on disk, so that a backbone pass is paid once per
 * (image, backbone) and every later head retraining reads them back: {@code root/<backbone SHA-256, 16 hex>/ab/<image
 * id>.f32}, little-endian floats. Files are written durably and renamed into place ({@link DurableFiles}); a file whose
 * length is no whole number of floats is treated as missing. Blocking I/O, one training thread at a time.
 */
final class FeatureCache {

    private final Path dir;

    FeatureCache(Path root, String backboneSha256) {
        this.dir = root.resolve(backboneSha256.substring(0, 16));
    }

    Optional<float[]> get(String imageId) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pathOf(imageId));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the cached features of " + imageId, e);
        }
        if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
            return Optional.empty();
        }
        float[] features = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(features);
        return Optional.of(features);
    }

    void put(String imageId, float[] features) {
        Path file = pathOf(imageId);
        ByteBuffer bytes = ByteBuffer.allocate(features.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(features);
        try {
            DurableFiles.onDisk().replace(file, bytes.array());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cache the features of " + imageId + ": " + e.getMessage(), e);
        }
    }

    private Path pathOf(String imageId) {
        if (!imageId.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("Not an image id: " + imageId);
        }
        return dir.resolve(imageId.substring(0, 2)).resolve(imageId + ".f32");
    }
}
