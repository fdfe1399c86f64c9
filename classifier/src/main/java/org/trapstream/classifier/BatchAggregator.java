package org.trapstream.classifier;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 */
final class BatchAggregator<T> {

    private record Waiting<T>(T item, long dueNanos) {}

    private final int maxBatchSize;
    private final long maxQueueDelayNanos;
    private final ArrayDeque<Waiting<T>> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;
    /** Items announced by {@link #expect} that have neither arrived nor been called off. */
    private int onTheirWay;

    BatchAggregator(int maxBatchSize, Duration maxQueueDelay) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.maxQueueDelayNanos = maxQueueDelay.toNanos();
    }

    /** Queues an item; never blocks (the number of items is bounded upstream by the in-flight limit). */
    void offer(T item) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("The batch aggregator is closed");
            }
            queue.addLast(new Waiting<>(item, System.nanoTime() + maxQueueDelayNanos));
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
                Waiting<T> oldest = queue.peekFirst();
                if (oldest == null) {
                    if (closed) {
                        return List.of();
                    }
                    changed.await();
                    continue;
                }
                long untilDue = oldest.dueNanos() - System.nanoTime();
                if (queue.size() >= maxBatchSize || untilDue <= 0 || onTheirWay == 0 || closed) {
                    return drainBatch();
                }
                changed.awaitNanos(untilDue);
            }
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
