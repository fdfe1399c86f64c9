package org.trapstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

import io.vertx.core.json.JsonObject;

/**
 * Runs an operation over and over on a number of threads: first untimed for a warm-up (JIT, ND4J workspaces,
 * OpenMP thread teams), at least one operation each, then for a timed window that opens for every thread at once,
 * so that no operation straddles its start. The window closes to new operations once its time has passed and each
 * thread has done {@value #MIN_OPERATIONS} (a ResNet-50 batch can outlast a short window on its own), and ends
 * when the last operation finishes, so no operation is half counted. The CPU time of the measuring threads (and
 * of the OpenMP workers they start, which share their name) over the window gives the CPU cost per item: other
 * load on the machine changes it much less, and the JIT's and GC's threads stay out of it.
 */
final class Timing {

    /** Throughput in items (images) per second, the duration of each counted operation, CPU ms per item. */
    /** Items (images) per second, the wall time of each operation, and CPU time per item. */
    record Rate(double itemsPerSecond, Percentiles perOperation, double cpuMsPerItem) {
        /** As the results write it, {@code perOperationKey} naming the operation's time (per batch, per image). */
        JsonObject toJson(String perOperationKey) {
            return new JsonObject().put("images_per_second", Percentiles.round(itemsPerSecond))
                .put(perOperationKey, perOperation.toJson()).put("cpu_ms_per_image", Percentiles.round(cpuMsPerItem));
        }
    }

    private record Span(long start, long end) {}

    private static final int MIN_OPERATIONS = 3;

    /** @param operation receives a sequence number shared by all threads (to cycle through inputs) */
    static Rate repeat(String name, int threads, Duration warmUp, Duration window, int itemsPerOperation,
                       LongConsumer operation) {
        return repeatPerThread(name, threads, warmUp, window, itemsPerOperation, thread -> operation);
    }

    /** As {@link #repeat}, each thread running its own operation, e.g. on its own copy of a model. */
    static Rate repeatPerThread(String name, int threads, Duration warmUp, Duration window, int itemsPerOperation,
                                IntFunction<LongConsumer> operations) {
        AtomicLong sequence = new AtomicLong();
        AtomicLong windowStart = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch warmed = new CountDownLatch(threads);
        CountDownLatch opened = new CountDownLatch(1);
        // Workers wait after their last operation until the CPU has been read: a thread that has ended is no
        // longer in /proc, and its CPU with it.
        CountDownLatch done = new CountDownLatch(threads);
        CountDownLatch read = new CountDownLatch(1);
        List<List<Span>> spans = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LongConsumer operation = operations.apply(t);
            List<Span> counted = new ArrayList<>();
            spans.add(counted);
            workers.add(new Thread(() -> {
                boolean warm = false;
                try {
                    for (long end = System.nanoTime() + warmUp.toNanos(); !warm; warm = System.nanoTime() >= end) {
                        operation.accept(sequence.getAndIncrement());
                    }
                    warmed.countDown();
                    awaitQuietly(opened);
                    long end = windowStart.get() + window.toNanos();
                    for (long start = System.nanoTime(); start < end || counted.size() < MIN_OPERATIONS;
                         start = System.nanoTime()) {
                        operation.accept(sequence.getAndIncrement());
                        counted.add(new Span(start, System.nanoTime()));
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    if (!warm) {
                        warmed.countDown();
                    }
                }
                done.countDown();
                awaitQuietly(read);
            }, "bench-" + name + "-" + t));
        }
        workers.forEach(Thread::start);
        awaitQuietly(warmed);
        CpuUse cpuBefore = CpuUse.now();
        windowStart.set(System.nanoTime());
        opened.countDown();
        awaitQuietly(done);
        double cpuSeconds = CpuUse.now().secondsByGroupSince(cpuBefore).getOrDefault("bench-" + name, 0.0);
        read.countDown();
        for (Thread worker : workers) {
            join(worker);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        List<Span> all = spans.stream().flatMap(List::stream).toList();
        long last = all.stream().mapToLong(Span::end).max().orElseThrow();
        double seconds = (last - windowStart.get()) / 1e9;
        double items = all.size() * (double) itemsPerOperation;
        long[] durations = all.stream().mapToLong(s -> s.end() - s.start()).toArray();
        return new Rate(items / seconds, Percentiles.ofNanos(durations), cpuSeconds * 1000 / items);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while measuring", e);
        }
    }

    /** Parks until {@link System#nanoTime()} reaches {@code nanoTime}. */
    static void sleepUntil(long nanoTime) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + thread.getName(), e);
        }
    }

    private Timing() {
    }
}
