package org.trapstream.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.trapstream.common.contract.Prediction;

/**
 * Who works on which review item: {@link #next} hands a person the first item no one else holds and leases it
 * to them for {@code dashboard.review.lease}; only the holder may answer it. A lease that ran out leaves the
 * item to the next person who asks, and while no one has taken it its old holder may still answer. A person holds
 * one item at a time: asking for the next one lets the previous one go. An item a person skipped is not handed
 * to them again for a lease's length; others get it at once. A burst ({@link ReviewBursts}) is held as one: the
 * lease of an item holds its burst's other open frames for the same person, and an item is handed out only when
 * no one else holds a frame of its burst.
 *
 * <p>Leases live in this process: two dashboard replicas would hand out the same item (both answers then reach
 * the feedback topic, the later one wins), so the labelers' dashboard runs as one replica. The maps are bounded
 * by the people configured (one lease each, of one burst's frames) and {@link #MAX_SKIPS}. Thread-safe: HTTP
 * handlers on several event loops call it.
 */
final class ReviewLeases {

    static final int MAX_SKIPS = 10_000;

    /** A lease of {@code imageId} to {@code holder}, holding {@code held}: the item and its burst's open frames. */
    record Lease(String imageId, String holder, Instant expiresAt, List<String> held) {
    }

    private final Duration duration;
    private final Clock clock;
    private final Map<String, Lease> byImage = new HashMap<>();
    private final Map<String, Lease> byHolder = new HashMap<>();
    /** "person/image id" of skipped items, until when the skip holds. */
    private final RecentMap<String, Instant> skips = new RecentMap<>(MAX_SKIPS);

    ReviewLeases(Duration duration, Clock clock) {
        this.duration = duration;
        this.clock = clock;
    }

    /**
     * Leases to {@code person} the first of {@code candidates} that is still open (asked under the lock, so an item
     * answered meanwhile is never handed out), not skipped by them, whose burst ({@code burstOf}, the item
     * first) has no frame held by someone else. The lease holds the burst's open frames.
     */
    synchronized Optional<Lease> next(String person, List<Prediction> candidates, Predicate<String> stillOpen,
                                      Function<String, List<String>> burstOf) {
        release(person);
        Instant now = clock.instant();
        for (Prediction candidate : candidates) {
            String imageId = candidate.imageId();
            Instant skippedUntil = skips.get(person + "/" + imageId);
            if ((skippedUntil == null || !now.isBefore(skippedUntil)) && stillOpen.test(imageId)) {
                List<String> burst = burstOf.apply(imageId).stream().filter(stillOpen).toList();
                if (burst.stream().allMatch(id -> free(person, id, now))) {
                    return Optional.of(lease(person, imageId, burst, now));
                }
            }
        }
        return Optional.empty();
    }

    /** Leases one item and its burst's {@code held} frames to {@code person} whoever holds them: put back by undo. */
    synchronized Lease take(String person, String imageId, List<String> held) {
        release(person);
        return lease(person, imageId, held, clock.instant());
    }

    /** Whether a live lease of someone other than {@code person} holds any of {@code imageIds}. */
    synchronized boolean heldByOthers(String person, List<String> imageIds) {
        Instant now = clock.instant();
        return !imageIds.stream().allMatch(id -> free(person, id, now));
    }

    /** Whether {@code person} may answer the item: theirs, even if the lease ran out while no one took it since. */
    synchronized boolean heldBy(String person, String imageId) {
        Lease held = byImage.get(imageId);
        return held != null && held.holder().equals(person);
    }

    /** The item was answered: no one holds it any more. */
    synchronized void answered(String imageId) {
        Lease held = byImage.get(imageId);
        if (held != null) {
            drop(held);
        }
    }

    /** {@code person} skips their item: it goes back to the others, and to them once a lease's length has passed. */
    synchronized boolean skip(String person, String imageId) {
        if (!heldBy(person, imageId)) {
            return false;
        }
        skips.put(person + "/" + imageId, clock.instant().plus(duration));
        release(person);
        return true;
    }

    /** Items that no one holds now, of {@code openItems}. */
    synchronized long unheld(List<Prediction> openItems) {
        Instant now = clock.instant();
        return openItems.stream().filter(item -> {
            Lease held = byImage.get(item.imageId());
            return held == null || !now.isBefore(held.expiresAt());
        }).count();
    }

    private boolean free(String person, String imageId, Instant now) {
        Lease held = byImage.get(imageId);
        return held == null || held.holder().equals(person) || !now.isBefore(held.expiresAt());
    }

    /** A lease of {@code imageId} holding {@code held}, which lists it too. */
    private Lease lease(String person, String imageId, List<String> held, Instant now) {
        Lease lease = new Lease(imageId, person, now.plus(duration), List.copyOf(held));
        for (String id : held) {
            Lease previous = byImage.get(id);
            if (previous != null) {
                drop(previous);
            }
        }
        lease.held().forEach(id -> byImage.put(id, lease));
        byHolder.put(person, lease);
        return lease;
    }

    private void release(String person) {
        Lease held = byHolder.get(person);
        if (held != null) {
            drop(held);
        }
    }

    private void drop(Lease lease) {
        byHolder.remove(lease.holder(), lease);
        lease.held().forEach(id -> byImage.remove(id, lease));
    }
}
