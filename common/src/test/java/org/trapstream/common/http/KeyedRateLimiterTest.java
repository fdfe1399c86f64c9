package org.trapstream.common.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token buckets on a clock the test moves: bursts, refills, the wait it reports, and the bound on keys. */
class KeyedRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aKeySpendsItsBurstThenWaitsForTheRate() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(2, 3, 10, now::get);

        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.tryAcquire("cam-1"), "within the burst: " + i);
        }
        assertEquals(Duration.ofMillis(500), limiter.tryAcquire("cam-1"), "two per second: the next in half a second");
        assertEquals(Duration.ZERO, limiter.tryAcquire("cam-2"), "another key has its own bucket");

        now.addAndGet(Duration.ofMillis(250).toNanos());
        assertEquals(Duration.ofMillis(250), limiter.tryAcquire("cam-1"), "half a token earned");
        now.addAndGet(Duration.ofMillis(250).toNanos());
        assertEquals(Duration.ZERO, limiter.tryAcquire("cam-1"));
        assertEquals(Duration.ofMillis(500), limiter.tryAcquire("cam-1"), "refused calls take nothing");
    }

    @Test
    void aBucketNeverHoldsMoreThanItsBurst() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(100, 2, 10, now::get);
        limiter.tryAcquire("cam");

        now.addAndGet(Duration.ofHours(1).toNanos());

        assertEquals(Duration.ZERO, limiter.tryAcquire("cam"));
        assertEquals(Duration.ZERO, limiter.tryAcquire("cam"));
        assertEquals(Duration.ofMillis(10), limiter.tryAcquire("cam"));
    }

    @Test
    void madeUpKeysEvictTheLeastRecentlyUsedAndNeverPassTheBound() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 3, now::get);
        limiter.tryAcquire("real");

        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("fake-" + i);
            limiter.tryAcquire("real"); // used all along, so never the least recent
            assertTrue(limiter.keys() <= 3);
        }

        assertEquals(3, limiter.keys());
        assertFalse(limiter.tryAcquire("real").isZero(), "the real key's empty bucket was kept");
        assertEquals(Duration.ZERO, limiter.tryAcquire("fake-0"), "a forgotten key starts with a full bucket");
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedRateLimiter(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new KeyedRateLimiter(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new KeyedRateLimiter(1, 1, 0));
    }
}
