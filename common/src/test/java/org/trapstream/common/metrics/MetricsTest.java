package org.trapstream.common.metrics;

import java.nio.file.Files;
import java.nio.file.Path;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    @Test
    void aCounterIsRegisteredOncePerTagsAndFoundAgainByThem() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        Counter accepted = Metrics.counter(registry, "camtrap.test.records", "Records, by outcome", "outcome", "ok");
        accepted.increment();
        Metrics.counter(registry, "camtrap.test.records", "Records, by outcome", "outcome", "ok").increment(2);
        Counter malformed = Metrics.counter(registry, "camtrap.test.records", "Records, by outcome",
            "outcome", "malformed");

        assertSame(accepted, registry.get("camtrap.test.records").tag("outcome", "ok").counter());
        assertNotSame(accepted, malformed);
        assertEquals(3.0, accepted.count());
        assertEquals(0.0, malformed.count());
        assertEquals("Records, by outcome", accepted.getId().getDescription());
    }

    @Test
    void everyRegistryNamesTheBuildAndTheJavaItRunsOn() {
        String scrape = Metrics.newRegistry().scrape();

        Build build = Build.current();
        assertTrue(scrape.contains("camtrap_build_info{java_version=\"" + Runtime.version() + "\",revision=\""
            + build.revision() + "\",version=\"" + build.version() + "\"} 1"), scrape);
        assertTrue(build.revision().matches("[0-9a-f]{40}|unknown"), build.revision());
    }

    @Test
    void theDataVolumeIsMeasuredFromTheNearestDirectoryThatExists(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Metrics.bindDataVolume(registry, dir.resolve("not/yet/created"));

        double size = registry.get("camtrap.data.volume.size").gauge().value();
        double free = registry.get("camtrap.data.volume.free").gauge().value();
        assertEquals(Files.getFileStore(dir).getTotalSpace(), size);
        assertTrue(free > 0 && free <= size, free + " of " + size);
        String scrape = registry.scrape();
        assertTrue(scrape.contains("camtrap_data_volume_free_bytes "), scrape);
        assertTrue(scrape.contains("camtrap_data_volume_size_bytes "), scrape);
    }
}
