package org.trapstream.image.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.store.StoreRetention.Policy;
import org.trapstream.image.store.StoreRetention.Sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweeps of a real store in a temporary directory, its files dated by the test and the sweep's clock fixed. */
class StoreRetentionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int IMAGE_BYTES = 1000;

    @TempDir
    Path root;

    private final Random random = new Random(7);

    @Test
    void imagesOlderThanTheMaximumAgeGoUnlessKept() throws IOException {
        ImageStore store = new ImageStore(root);
        String old = stored(store, Duration.ofDays(40));
        store.markPublished(old);
        String oldLabelled = stored(store, Duration.ofDays(40));
        store.keep(oldLabelled);
        String recent = stored(store, Duration.ofDays(10));

        Sweep sweep = new StoreRetention(store, new Policy(Duration.ofDays(30), 0, HOUR), CLOCK).sweep();

        assertFalse(store.contains(old));
        assertFalse(Files.exists(root.resolve(old.substring(0, 2)).resolve(old.substring(2, 4))
            .resolve(old + ".published")), "the publication marker goes with its image");
        assertTrue(store.contains(oldLabelled));
        assertTrue(store.contains(recent));
        assertEquals(new Sweep(2, 2L * IMAGE_BYTES, 1, IMAGE_BYTES, 1), sweep);
    }

    @Test
    void theSizeBoundDeletesTheOldestFirstAndSkipsKeptOnes() throws IOException {
        ImageStore store = new ImageStore(root);
        String oldest = stored(store, Duration.ofHours(6));
        String kept = stored(store, Duration.ofHours(5));
        store.keep(kept);
        String third = stored(store, Duration.ofHours(4));
        String fourth = stored(store, Duration.ofHours(3));
        String newest = stored(store, Duration.ofHours(2));

        Sweep sweep = new StoreRetention(store, new Policy(Duration.ZERO, 3L * IMAGE_BYTES, HOUR), CLOCK).sweep();

        assertFalse(store.contains(oldest));
        assertTrue(store.contains(kept));
        assertFalse(store.contains(third));
        assertTrue(store.contains(fourth));
        assertTrue(store.contains(newest));
        assertEquals(new Sweep(3, 3L * IMAGE_BYTES, 2, 2L * IMAGE_BYTES, 1), sweep);
    }

    @Test
    void imagesYoungerThanTheSafetyWindowStayWhateverTheBounds() throws IOException {
        ImageStore store = new ImageStore(root);
        String beingClassified = stored(store, Duration.ofMinutes(59));
        String older = stored(store, Duration.ofMinutes(61));

        Sweep sweep = new StoreRetention(store, new Policy(Duration.ofMinutes(1), 1, HOUR), CLOCK).sweep();

        assertTrue(store.contains(beingClassified));
        assertFalse(store.contains(older));
        assertEquals(new Sweep(1, IMAGE_BYTES, 1, IMAGE_BYTES, 0), sweep);
    }

    @Test
    void anImageStoredAgainCountsItsAgeFromThen() throws IOException {
        ImageStore store = new ImageStore(root);
        byte[] bytes = imageBytes();
        String id = ImageIds.of(bytes);
        store.put(id, bytes);
        Files.setLastModifiedTime(store.pathOf(id), FileTime.from(Instant.now().minus(Duration.ofDays(40))));

        store.put(id, bytes);
        Sweep sweep = new StoreRetention(store, new Policy(Duration.ofDays(30), 0, HOUR), Clock.systemUTC()).sweep();

        assertTrue(store.contains(id));
        assertEquals(0, sweep.sweptImages());
    }

    @Test
    void sweepsRacingEachOtherDeleteEachImageOnceAndSpareKeptOnes() throws Exception {
        ImageStore store = new ImageStore(root);
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expired.add(stored(store, Duration.ofDays(40).plusMinutes(i)));
        }
        String kept = stored(store, Duration.ofDays(50));
        store.keep(kept);
        Policy policy = new Policy(Duration.ofDays(30), 0, HOUR);
        int sweepers = 4;
        CyclicBarrier start = new CyclicBarrier(sweepers);
        ExecutorService threads = Executors.newFixedThreadPool(sweepers);
        try {
            List<Callable<Sweep>> sweeps = new ArrayList<>();
            for (int i = 0; i < sweepers; i++) {
                // each its own store object, as each ingest replica has
                StoreRetention retention = new StoreRetention(new ImageStore(root), policy, CLOCK);
                sweeps.add(() -> {
                    start.await();
                    return retention.sweep();
                });
            }
            int swept = 0;
            long sweptBytes = 0;
            for (Future<Sweep> sweep : threads.invokeAll(sweeps)) {
                swept += sweep.get().sweptImages();
                sweptBytes += sweep.get().sweptBytes();
            }
            assertEquals(expired.size(), swept, "every expired image deleted by exactly one sweep");
            assertEquals((long) expired.size() * IMAGE_BYTES, sweptBytes);
        } finally {
            threads.shutdownNow();
        }
        expired.forEach(id -> assertFalse(store.contains(id), id));
        assertTrue(store.contains(kept));
        assertEquals(List.of(kept), store.list().stream().map(ImageStore.StoredImage::imageId).toList());
    }

    @Test
    void withoutBoundsNothingIsSweptAndAnEmptyStoreIsFine() throws IOException {
        assertFalse(new Policy(Duration.ZERO, 0, HOUR).bounded());
        ImageStore empty = new ImageStore(root.resolve("not-yet-created"));
        assertEquals(new Sweep(0, 0, 0, 0, 0),
            new StoreRetention(empty, new Policy(Duration.ofDays(1), 1, HOUR), CLOCK).sweep());
    }

    /** An image of {@link #IMAGE_BYTES} stored under its content id, its file dated {@code age} before now. */
    private String stored(ImageStore store, Duration age) throws IOException {
        byte[] bytes = imageBytes();
        String id = ImageIds.of(bytes);
        store.put(id, bytes);
        Files.setLastModifiedTime(store.pathOf(id), FileTime.from(NOW.minus(age)));
        return id;
    }

    private byte[] imageBytes() {
        byte[] bytes = new byte[IMAGE_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }
}
