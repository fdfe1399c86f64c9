package org.trapstream.common.kafka;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the records a {@link ConsumerLoop} has handed over and not yet seen finished, which bounds the memory
 * of whatever handles them. The bound is strict: one poll hands over at most {@link #pollSize()} records, so
 * the loop pauses its partitions as soon as one more poll could overshoot {@code max}, and resumes only once
 * the count has fallen to half of it. The gap keeps the loop from flapping between pause and resume on every
 * finished record.
 *
 * <p>The count rises on the loop's thread and falls wherever a record finishes, hence the atomic.
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

    void started(int records) {
        inFlight.addAndGet(records);
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

    /** Whether the loop should be paused now, given whether it is paused (hysteresis between the bounds). */
    boolean shouldPause(boolean paused) {
        int now = inFlight.get();
        return paused ? now > resumeAt : now > max - pollSize;
    }
}
