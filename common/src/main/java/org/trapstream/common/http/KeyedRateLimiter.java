package org.trapstream.common.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by a string (a camera id; a credential plugs in the same way): each key may spend
 * {@code burst} requests at once and earns {@code ratePerSecond} back, never more than {@code burst}.
 *
 * <p>At most {@code maxKeys} buckets are kept, the least recently used forgotten first, so a flood of made-up keys
 * costs bounded memory. A forgotten key starts again with a full bucket, as a new one would: the flood can lend a
 * real key a fresh burst, never take its tokens away. Thread-safe; a call is a map look-up and some arithmetic
 * under one lock.
 */
public final class KeyedRateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets;

    public KeyedRateLimiter(double ratePerSecond, int burst, int maxKeys) {
        this(ratePerSecond, burst, maxKeys, System::nanoTime);
    }

    KeyedRateLimiter(double ratePerSecond, int burst, int maxKeys, LongSupplier nanoClock) {
        if (ratePerSecond <= 0 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate, burst and keys must be positive: " + ratePerSecond + ", "
                + burst + ", " + maxKeys);
        }
        this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes a token from {@code key}'s bucket: {@link Duration#ZERO} when there was one, else the wait for the next. */
    public synchronized Duration tryAcquire(String key) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.filledAt) * tokensPerNano);
        bucket.filledAt = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / tokensPerNano));
    }

    /** Keys with a bucket now (at most {@code maxKeys}). */
    public synchronized int keys() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long filledAt;

        Bucket(double tokens, long filledAt) {
            this.tokens = tokens;
            this.filledAt = filledAt;
        }
    }
}
