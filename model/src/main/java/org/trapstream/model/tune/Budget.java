package org.trapstream.model.tune;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A wall-clock allowance that starts when it is created; the clock is a parameter so tests can drive it. */
public final class Budget {

    private final Duration limit;
    private final LongSupplier nanoClock;
    private final long startedNanos;

    public Budget(Duration limit, LongSupplier nanoClock) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("Budget must be positive: " + limit);
        }
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
    }

    /** Counting from now on the system's monotonic clock. */
    public static Budget startingNow(Duration limit) {
        return new Budget(limit, System::nanoTime);
    }

    public Duration limit() {
        return limit;
    }

    public Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - startedNanos);
    }

    public boolean spent() {
        return elapsed().compareTo(limit) >= 0;
    }

    /** Nanoseconds on this budget's clock, to time single runs with it. */
    long now() {
        return nanoClock.getAsLong();
    }
}
