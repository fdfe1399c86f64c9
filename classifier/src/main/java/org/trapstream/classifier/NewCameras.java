package org.trapstream.classifier;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.trapstream.serving.ModelMetadata;

/**
 * Picks the first {@code reviewedImages} images of each camera that the serving version was not trained on
 * ({@link ModelMetadata#trainedCameras()}) for human review: a person checks a new camera's first frames before
 * the model's word on it is trusted.
 *
 * <p>The counts live in this classifier's memory, one small entry per camera it has seen: each classifier instance
 * counts on its own (a camera whose partitions move to another instance may get up to {@code reviewedImages} more
 * reviews there) and a restart starts again from zero, which reviews a few images twice and never skips one.
 */
final class NewCameras {

    private final int reviewedImages;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private volatile TrainedOn trainedOn = new TrainedOn(null, Set.of());

    /** The training cameras of one version, read once per version rather than once per image. */
    private record TrainedOn(String version, Set<String> cameras) {}

    NewCameras(int reviewedImages) {
        this.reviewedImages = reviewedImages;
    }

    /** Whether this image of {@code cameraId}, classified by {@code model}, is one of its camera's first. */
    boolean review(String cameraId, ModelMetadata model) {
        if (reviewedImages == 0 || trainedCameras(model).contains(cameraId)) {
            return false;
        }
        AtomicInteger count = seen.computeIfAbsent(Objects.requireNonNullElse(cameraId, ""), id -> new AtomicInteger());
        return count.get() < reviewedImages && count.incrementAndGet() <= reviewedImages;
    }

    private Set<String> trainedCameras(ModelMetadata model) {
        TrainedOn current = trainedOn;
        if (!Objects.equals(current.version(), model.version())) {
            current = new TrainedOn(model.version(), model.trainedCameras());
            trainedOn = current;
        }
        return current.cameras();
    }
}
