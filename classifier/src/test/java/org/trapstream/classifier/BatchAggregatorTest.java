package org.trapstream.classifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchAggregatorTest {

    /** Scheduling slack allowed on a busy 2-core machine on top of the configured delay. */
    private static final long SLACK_MS = 150;

    private final ExecutorService takers = Executors.newCachedThreadPool();

    @AfterEach
    void stopTakers() {
        takers.shutdownNow();
    }

    private record Item(int partition, int sequence, long offeredNanos) {}

    @Test
    void aFullBatchRunsAtOnceWithoutWaitingForTheDelay() throws Exception {
        BatchAggregator<Integer> batches = new BatchAggregator<>(4, Duration.ofSeconds(30));
        Future<List<Integer>> taken = takers.submit(batches::take);
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            batches.offer(i);
        }
        assertEquals(List.of(0, 1, 2, 3), taken.get(5, TimeUnit.SECONDS));
        assertTrue(elapsedMs(start) < 5_000, "a full batch must not wait for the 30 s delay");
    }

    @Test
    void anUnfilledBatchRunsWhenItsOldestItemHasWaitedTheDelay() throws Exception {
        BatchAggregator<Integer> batches = new BatchAggregator<>(8, Duration.ofMillis(200));
        for (int i = 0; i < 4; i++) {
            batches.expect(); // three arrive below, a fourth stays on its way: company is coming
        }
        long start = System.nanoTime();
        batches.offer(1);
        Thread.sleep(50);
        batches.offer(2);
        batches.offer(3);
        List<Integer> batch = batches.take();
        long waited = elapsedMs(start);
        assertEquals(List.of(1, 2, 3), batch);
        assertTrue(waited >= 195, "ran after " + waited + " ms, before the oldest waited 200 ms");
        assertTrue(waited < 200 + SLACK_MS, "the oldest image waited " + waited + " ms");
    }

    @Test
    void aLoneImageUnderLightLoadGoesAloneAfterTheDelay() throws Exception {
        BatchAggregator<Integer> batches = new BatchAggregator<>(16, Duration.ofMillis(30));
        Future<List<Integer>> taken = takers.submit(batches::take);
        long start = System.nanoTime();
        batches.offer(7);
        assertEquals(List.of(7), taken.get(5, TimeUnit.SECONDS));
        assertTrue(elapsedMs(start) < 30 + SLACK_MS);
    }

    @Test
    void aBatchRunsAtOnceWhenNothingMoreIsOnItsWay() throws Exception {
        BatchAggregator<Integer> batches = new BatchAggregator<>(16, Duration.ofSeconds(30));
        batches.expect();
        batches.expect();
        Future<List<Integer>> taken = takers.submit(batches::take);
        long start = System.nanoTime();
        batches.offer(1);
        Thread.sleep(100);
        assertFalse(taken.isDone(), "the second image is still on its way");
        batches.calledOff();
        assertEquals(List.of(1), taken.get(5, TimeUnit.SECONDS));
        assertTrue(elapsedMs(start) < 5_000, "once nothing more is coming the batch must not wait for the 30 s delay");
    }

    @Test
    void batchSizeOneTurnsBatchingOff() throws Exception {
        BatchAggregator<Integer> batches = new BatchAggregator<>(1, Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            batches.offer(i);
        }
        long start = System.nanoTime();
        assertEquals(List.of(0), batches.take());
        assertEquals(List.of(1), batches.take());
        assertEquals(List.of(2), batches.take());
        assertTrue(elapsedMs(start) < 1_000, "batch size 1 must never wait for company");
    }

    @Test
    void noImageWaitsPastTheDelayAndEachPartitionKeepsItsOrder() throws Exception {
        int maxBatch = 8;
        long delayMs = 40;
        BatchAggregator<Item> batches = new BatchAggregator<>(maxBatch, Duration.ofMillis(delayMs));
        List<List<Item>> taken = Collections.synchronizedList(new ArrayList<>());
        List<Long> waitsMs = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> taker = CompletableFuture.runAsync(() -> {
            try {
                for (List<Item> batch = batches.take(); !batch.isEmpty(); batch = batches.take()) {
                    long now = System.nanoTime();
                    batch.forEach(item -> waitsMs.add((now - item.offeredNanos()) / 1_000_000));
                    taken.add(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, takers);

        // Bursts and lulls, three partitions interleaved, like a consumer's polls; all of them announced up
        // front, as the pipeline announces images it has consumed and is decoding, so company is always coming.
        Random random = new Random(42);
        int[] next = new int[3];
        int total = 300;
        for (int i = 0; i < total; i++) {
            batches.expect();
        }
        for (int i = 0; i < total; i++) {
            int partition = random.nextInt(3);
            batches.offer(new Item(partition, next[partition]++, System.nanoTime()));
            if (random.nextInt(10) == 0) {
                Thread.sleep(random.nextInt((int) delayMs * 2));
            }
        }
        batches.close();
        taker.get(30, TimeUnit.SECONDS);

        assertEquals(total, taken.stream().mapToInt(List::size).sum());
        assertTrue(taken.stream().allMatch(b -> b.size() <= maxBatch), "a batch exceeded the maximum size");
        assertTrue(taken.stream().anyMatch(b -> b.size() == maxBatch), "bursts should fill batches");
        assertTrue(taken.stream().anyMatch(b -> b.size() < maxBatch), "lulls should release partial batches");
        long worst = waitsMs.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(worst <= delayMs + SLACK_MS, "an image waited " + worst + " ms for a " + delayMs + " ms delay");

        Map<Integer, List<Integer>> seen = new HashMap<>();
        taken.forEach(batch -> batch.forEach(
            item -> seen.computeIfAbsent(item.partition(), p -> new ArrayList<>()).add(item.sequence())));
        seen.forEach((partition, sequences) -> {
            for (int i = 0; i < sequences.size(); i++) {
                assertEquals(i, sequences.get(i), "partition " + partition + " out of order: " + sequences);
            }
        });
    }

    @Test
    void severalTakersShareTheWorkAndCloseDrainsTheQueue() throws Exception {
        BatchAggregator<Integer> batches = new BatchAggregator<>(4, Duration.ofMillis(20));
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            workers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (List<Integer> batch = batches.take(); !batch.isEmpty(); batch = batches.take()) {
                        seen.addAll(batch);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, takers));
        }
        for (int i = 0; i < 100; i++) {
            batches.offer(i);
        }
        batches.close();
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(100, seen.size());
        assertEquals(100, seen.stream().distinct().count());
        assertEquals(0, batches.waiting());
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
