package org.trapstream.classifier;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the images consumed and not yet finished, which bounds the classifier's memory. The bound is strict:
 * one poll hands over at most {@link #pollSize()} records, so the consumer pauses its partitions as soon as
 * one more poll could overshoot {@code max}, and resumes only once the count has fallen to half of it. The gap
 * keeps the consumer from flapping between pause and resume on every finished image.
 *
 * <p>The count rises on the consumer thread and falls wherever an image finishes, hence the atomic.
 */
final class InFlightLimit {

    /** A poll is a quarter of the bound at most (and Kafka's usual 100 at most), so pausing leaves headroom. */
    private static final int MAX_POLL_SIZE = 100;

    private final int max;
    private final int pollSize;
    private final int resumeAt;
    private final AtomicInteger inFlight = new AtomicInteger();

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1, was " + max);
        }
        this.max = max;
        this.pollSize = Math.max(1, Math.min(MAX_POLL_SIZE, max / 4));
        this.resumeAt = max / 2;
    }

    void started(int images) {
        inFlight.addAndGet(images);
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    int current() {
        return inFlight.get();
    }

    /** The most records one poll may hand over ({@code max.poll.records}). */
    int pollSize() {
        return pollSize;
    }

    /** Whether the consumer should be paused now, given whether it is paused (hysteresis between the bounds). */
    boolean shouldPause(boolean paused) {
        int now = inFlight.get();
        return paused ? now > resumeAt : now > max - pollSize;
    }
}
