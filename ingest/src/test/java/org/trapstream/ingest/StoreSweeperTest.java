package org.trapstream.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.store.ImageStore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;

/**
 * A real ingest with a maximum image age sweeps its store by itself: an expired image goes, a kept or recent one
 * stays, and the sweep is counted on {@code /metrics}.
 */
class StoreSweeperTest {

    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    Path dataDir;

    private final Random random = new Random(UUID.randomUUID().getMostSignificantBits());

    @Test
    void ingestDeletesExpiredImagesAndKeepsLabelledAndRecentOnes() throws Exception {
        ImageStore store = new ImageStore(dataDir.resolve("images"));
        String expired = stored(store, Duration.ofDays(40));
        String labelled = stored(store, Duration.ofDays(40));
        store.keep(labelled);
        String recent = stored(store, Duration.ofDays(1));

        try (IngestHarness ingest = IngestHarness.start(dataDir, "ingest-retention-" + UUID.randomUUID(), Map.of(
            IngestConfig.RETENTION_MAX_AGE, "30d", IngestConfig.RETENTION_INTERVAL, "1s"))) {
            assertTrue(ingest.config.imageStoreDir().equals(store.root()), "the test's store is ingest's");
            String sweptOne = "camtrap_image_store_swept_total 1.0";
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            String metrics = ingest.scrape();
            while (!metrics.contains(sweptOne) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                metrics = ingest.scrape();
            }
            assertTrue(metrics.contains(sweptOne), "no sweep within " + WAIT_MILLIS + " ms:\n" + metrics);
            assertFalse(store.contains(expired));
            assertTrue(store.contains(labelled));
            assertTrue(store.contains(recent));
            assertTrue(metrics.contains("camtrap_image_store_swept_bytes_total"), metrics);
            assertTrue(metrics.contains("camtrap_image_store_size_bytes"), metrics);
        }
    }

    private String stored(ImageStore store, Duration age) throws IOException {
        byte[] jpeg = encode(noise(random, 64, 48), "jpeg");
        String id = ImageIds.of(jpeg);
        store.put(id, jpeg);
        Files.setLastModifiedTime(store.pathOf(id), FileTime.from(Instant.now().minus(age)));
        return id;
    }
}
