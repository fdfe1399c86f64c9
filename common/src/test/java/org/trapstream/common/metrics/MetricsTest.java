package org.trapstream.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
