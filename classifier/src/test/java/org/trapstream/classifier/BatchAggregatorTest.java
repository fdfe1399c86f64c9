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
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batching rules on a clock the test moves by hand: whether a batch is due is asked at chosen instants,
 * so "not yet" is a fact of that instant, not a quiet window on the wall clock.
 */
class BatchAggregatorTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ExecutorService takers = Executors.newCachedThreadPool();

    @AfterEach
    void stopTakers() {
        takers.shutdownNow();
    }

    /** One image of the simulation below: the clock's reading when it was offered, and when it was taken. */
    private static final class Item {
        final int partition;
        final int sequence;
        final long offeredNanos;
        long takenNanos;

        Item(int partition, int sequence, long offeredNanos) {
            this.partition = partition;
            this.sequence = sequence;
            this.offeredNanos = offeredNanos;
        }

        long waitedNanos() {
            return takenNanos - offeredNanos;
        }
    }

    private <T> BatchAggregator<T> aggregator(int maxBatchSize, Duration maxQueueDelay) {
        return new BatchAggregator<>(maxBatchSize, maxQueueDelay, nanos::get);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aFullBatchRunsAtOnceWithoutWaitingForTheDelay() throws Exception {
        BatchAggregator<Integer> batches = aggregator(4, Duration.ofSeconds(30));
        for (int i = 0; i < 8; i++) {
            batches.expect(); // more is coming, so only the size can make the batch due
        }
        Future<List<Integer>> taken = takers.submit(batches::take);
        for (int i = 0; i < 4; i++) {
            batches.offer(i);
        }
        assertEquals(List.of(0, 1, 2, 3), taken.get(30, TimeUnit.SECONDS), "the clock never moved");
    }

    @Test
    void anUnfilledBatchRunsWhenItsOldestItemHasWaitedTheDelay() {
        BatchAggregator<Integer> batches = aggregator(8, Duration.ofMillis(200));
        for (int i = 0; i < 4; i++) {
            batches.expect(); // three arrive below, a fourth stays on its way: company is coming
        }
        batches.offer(1);
        advance(Duration.ofMillis(50));
        batches.offer(2);
        batches.offer(3);

        advance(Duration.ofMillis(150).minusNanos(1));
        assertEquals(List.of(), batches.takeIfDue(), "the oldest has waited a nanosecond less than the delay");
        advance(Duration.ofNanos(1));
        assertEquals(List.of(1, 2, 3), batches.takeIfDue());
    }

    @Test
    void aLoneImageUnderLightLoadGoesAloneAfterTheDelay() {
        BatchAggregator<Integer> batches = aggregator(16, Duration.ofMillis(30));
        batches.expect();
        batches.expect();
        batches.offer(7);

        advance(Duration.ofMillis(29));
        assertEquals(List.of(), batches.takeIfDue(), "another image is on its way and the delay not over");
        advance(Duration.ofMillis(1));
        assertEquals(List.of(7), batches.takeIfDue());
    }

    @Test
    void aBatchRunsAtOnceWhenNothingMoreIsOnItsWay() throws Exception {
        BatchAggregator<Integer> batches = aggregator(16, Duration.ofSeconds(30));
        batches.expect();
        batches.expect();
        batches.offer(1);
        assertEquals(List.of(), batches.takeIfDue(), "the second image is still on its way");

        Future<List<Integer>> taken = takers.submit(batches::take);
        batches.calledOff();
        assertEquals(List.of(1), taken.get(30, TimeUnit.SECONDS), "the clock never moved: no delay was waited");
    }

    @Test
    void batchSizeOneTurnsBatchingOff() {
        BatchAggregator<Integer> batches = aggregator(1, Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            batches.expect();
        }
        for (int i = 0; i < 3; i++) {
            batches.offer(i);
        }
        assertEquals(List.of(0), batches.takeIfDue());
        assertEquals(List.of(1), batches.takeIfDue());
        assertEquals(List.of(2), batches.takeIfDue());
    }

    /**
     * Bursts and lulls, three partitions interleaved, like a consumer's polls, one millisecond at a time; all
     * of them announced up front, as the pipeline announces images it has consumed and is decoding, so company
     * is always coming and only size and delay release batches.
     */
    @Test
    void noImageWaitsPastTheDelayAndEachPartitionKeepsItsOrder() {
        int maxBatch = 8;
        Duration delay = Duration.ofMillis(40);
        BatchAggregator<Item> batches = aggregator(maxBatch, delay);
        int total = 300;
        for (int i = 0; i < total; i++) {
            batches.expect();
        }
        List<List<Item>> taken = new ArrayList<>();
        Random random = new Random(42);
        int[] next = new int[3];
        for (int offered = 0; offered < total; advance(Duration.ofMillis(1))) {
            // A burst of up to a dozen images, or, one millisecond in ten, a lull.
            int burst = random.nextInt(10) == 0 ? 0 : random.nextInt(13);
            for (int i = 0; i < burst && offered < total; i++, offered++) {
                int partition = random.nextInt(3);
                batches.offer(new Item(partition, next[partition]++, nanos.get()));
            }
            takeWhatIsDue(batches, taken);
        }
        batches.close(); // the last image is here: whatever waits is due
        takeWhatIsDue(batches, taken);

        long worstWait = taken.stream().flatMap(List::stream).mapToLong(Item::waitedNanos).max().orElseThrow();
        assertEquals(total, taken.stream().mapToInt(List::size).sum());
        assertTrue(taken.stream().allMatch(b -> b.size() <= maxBatch), "a batch exceeded the maximum size");
        assertTrue(taken.stream().anyMatch(b -> b.size() == maxBatch), "bursts should fill batches");
        assertTrue(taken.stream().anyMatch(b -> b.size() < maxBatch), "lulls should release partial batches");
        assertTrue(worstWait <= delay.toNanos(), "an image waited " + worstWait + " ns for a " + delay + " delay");

        Map<Integer, List<Integer>> seen = new HashMap<>();
        taken.forEach(batch -> batch.forEach(
            item -> seen.computeIfAbsent(item.partition, p -> new ArrayList<>()).add(item.sequence)));
        seen.forEach((partition, sequences) -> {
            for (int i = 0; i < sequences.size(); i++) {
                assertEquals(i, sequences.get(i), "partition " + partition + " out of order: " + sequences);
            }
        });
    }

    private void takeWhatIsDue(BatchAggregator<Item> batches, List<List<Item>> taken) {
        for (List<Item> batch = batches.takeIfDue(); !batch.isEmpty(); batch = batches.takeIfDue()) {
            batch.forEach(item -> item.takenNanos = nanos.get());
            taken.add(batch);
        }
    }

    /** On the wall clock: the takers block, and the delay is what releases the last, partial batches. */
    @Test
    void severalTakersShareTheWorkAndCloseDrainsTheQueue() throws Exception {
        BatchAggregator<Integer> batches = new BatchAggregator<>(4, Duration.ofMillis(20), System::nanoTime);
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
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertEquals(100, seen.size());
        assertEquals(100, seen.stream().distinct().count());
        assertEquals(0, batches.waiting());
    }
}
