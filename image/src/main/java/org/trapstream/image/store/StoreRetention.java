package org.trapstream.image.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.trapstream.image.store.ImageStore.StoredImage;

/**
 * Deletes images from an {@link ImageStore} by age and by the store's total size. An image is deleted when it is
 * older than {@code maxAge}, or, oldest first by file time, while the images add up to more than {@code maxBytes}.
 * Never deleted: an image with a keep marker ({@link ImageStore#keep}: it has a label or a review item asks for one),
 * and an image younger than {@code minAge}, which may be on its way through the classifier right now.
 *
 * <p>Safe to run from several processes on one volume at once: each deletes what it finds, an image another sweep
 * deleted first frees nothing twice, and the worst two sweeps together do is what each would have done alone.
 * Blocking: run on a worker.
 */
public final class StoreRetention {

    /**
     * The bounds; a zero {@code maxAge} or {@code maxBytes} turns that bound off.
     *
     * @param minAge images younger than this are never deleted, whatever the bounds say
     */
    public record Policy(Duration maxAge, long maxBytes, Duration minAge) {

        public Policy {
            Objects.requireNonNull(maxAge);
            Objects.requireNonNull(minAge);
            if (maxAge.isNegative() || minAge.isNegative() || maxBytes < 0) {
                throw new IllegalArgumentException("Retention bounds must not be negative");
            }
        }

        /** Whether any bound is set: without one there is nothing to sweep. */
        public boolean bounded() {
            return !maxAge.isZero() || maxBytes > 0;
        }
    }

    /**
     * What one sweep found and did.
     *
     * @param storedBytes the images' total size after the sweep
     * @param kept        images a keep marker saved from deletion that would otherwise have gone
     */
    public record Sweep(int images, long storedBytes, int sweptImages, long sweptBytes, int kept) {
    }

    private final ImageStore store;
    private final Policy policy;
    private final Clock clock;

    public StoreRetention(ImageStore store, Policy policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    public Sweep sweep() {
        Instant now = clock.instant();
        Instant youngest = now.minus(policy.minAge());
        Instant expired = policy.maxAge().isZero() ? Instant.MIN : now.minus(policy.maxAge());
        List<StoredImage> images = store.list();
        long storedBytes = images.stream().mapToLong(StoredImage::bytes).sum();
        int imagesLeft = images.size();
        int swept = 0;
        long sweptBytes = 0;
        int kept = 0;
        List<StoredImage> oldestFirst = images.stream()
            .filter(image -> image.modified().isBefore(youngest))
            .sorted(Comparator.comparing(StoredImage::modified))
            .toList();
        for (StoredImage image : oldestFirst) {
            boolean tooOld = image.modified().isBefore(expired);
            boolean overSize = policy.maxBytes() > 0 && storedBytes > policy.maxBytes();
            if (!tooOld && !overSize) {
                break; // the rest are younger still, and the store is within its size
            }
            // looked at just before deleting, so a label given since the listing still saves the image
            if (store.isKept(image.imageId())) {
                kept++;
                continue;
            }
            long freed = store.delete(image.imageId());
            // gone either way: deleted now, or by another sweep since the listing
            storedBytes -= image.bytes();
            imagesLeft--;
            if (freed > 0) {
                swept++;
                sweptBytes += freed;
            }
        }
        return new Sweep(imagesLeft, storedBytes, swept, sweptBytes, kept);
    }
}
