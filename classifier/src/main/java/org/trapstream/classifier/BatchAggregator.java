package org.trapstream.classifier;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Collects work into micro-batches, with the two knobs of Triton's dynamic batcher: a batch runs as soon as it
 * holds {@code maxBatchSize} items, or as soon as its OLDEST item has waited {@code maxQueueDelay}, whichever
 * comes first. A lone item under light load therefore waits at most the delay; a size of 1 turns batching off.
 * A third rule keeps light load fast: callers announce items on their way ({@link #expect}, e.g. while they are
 * decoded) and a batch runs at once when nothing more is on its way, because then waiting buys no company.
 *
 * <p>Producers call {@link #offer} from any thread and never block; each inference thread calls {@link #take},
 * which blocks until a batch is due. Items leave in the order they arrived (FIFO), so whatever order the caller
 * offers them in (per partition, say) is the order they reach the model. The delay is only a promise about the
 * aggregator: when every inference thread is busy, items queue for longer, and that wait is the model's, not
 * the batcher's.
 *
 * <p>Time is read from a ticker ({@code System::nanoTime} in service), so that tests can move it by hand.
 */
final class BatchAggregator<T> {

    private record Waiting<T>(T item, long dueNanos) {}

    private final int maxBatchSize;
    private final long maxQueueDelayNanos;
    private final LongSupplier ticker;
    private final ArrayDeque<Waiting<T>> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;
    /** Items announced by {@link #expect} that have neither arrived nor been called off. */
    private int onTheirWay;

    /** @param ticker nanoseconds from any fixed origin, as {@link System#nanoTime()} counts them */
    BatchAggregator(int maxBatchSize, Duration maxQueueDelay, LongSupplier ticker) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.maxQueueDelayNanos = maxQueueDelay.toNanos();
        this.ticker = ticker;
    }

    /** Queues an item; never blocks (the number of items is bounded upstream by the in-flight limit). */
    void offer(T item) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("The batch aggregator is closed");
            }
            queue.addLast(new Waiting<>(item, ticker.getAsLong() + maxQueueDelayNanos));
            onTheirWay = Math.max(0, onTheirWay - 1);
            // Wake the takers only when that changes what they wait for: a first item starts a deadline,
            // a full batch is due now, and so is any batch once nothing more is coming.
            if (queue.size() == 1 || queue.size() >= maxBatchSize || onTheirWay == 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Announces an item that will be {@link #offer offered} soon, or {@link #calledOff called off}. */
    void expect() {
        lock.lock();
        try {
            onTheirWay++;
        } finally {
            lock.unlock();
        }
    }

    /** An announced item will not come after all (it failed on its way). */
    void calledOff() {
        lock.lock();
        try {
            onTheirWay = Math.max(0, onTheirWay - 1);
            if (onTheirWay == 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until a batch is due and returns it (1 to maxBatchSize items, oldest first). Returns an empty list
     * once the aggregator is closed and drained.
     */
    List<T> take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                List<T> due = takeIfDue();
                if (!due.isEmpty() || closed) {
                    return due;
                }
                if (queue.isEmpty()) {
                    changed.await();
                } else {
                    changed.awaitNanos(queue.peekFirst().dueNanos() - ticker.getAsLong());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The batch that is due now, without waiting: empty when none is (or the aggregator is closed and drained). */
    List<T> takeIfDue() {
        lock.lock();
        try {
            Waiting<T> oldest = queue.peekFirst();
            boolean due = oldest != null && (queue.size() >= maxBatchSize || onTheirWay == 0 || closed
                || oldest.dueNanos() - ticker.getAsLong() <= 0);
            return due ? drainBatch() : List.of();
        } finally {
            lock.unlock();
        }
    }

    private List<T> drainBatch() {
        int size = Math.min(maxBatchSize, queue.size());
        List<T> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(queue.pollFirst().item());
        }
        if (!queue.isEmpty()) {
            // More than one batch was waiting: another taker may run the rest right away.
            changed.signalAll();
        }
        return batch;
    }

    /** Items waiting for a batch. */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Lets takers drain what is queued, then return empty batches; later offers are refused. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
