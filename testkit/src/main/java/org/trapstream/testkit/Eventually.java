package org.trapstream.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for what a test cannot make happen at once (a consumer catching up, a commit, a swap): the probe runs
 * again and again until it passes or {@code patience} is spent, and then its last failure is the test's.
 * A probe fails by throwing an {@link AssertionError}, which is why assertions make the best probes: the
 * message on timeout is theirs.
 */
public final class Eventually {

    private static final long PAUSE_MS = 50;

    private Eventually() {
    }

    /** Runs {@code assertion} until it passes. */
    public static void eventually(Duration patience, Runnable assertion) {
        eventually(patience, () -> {
            assertion.run();
            return null;
        });
    }

    /** Calls {@code probe} until it returns without an assertion failing, and returns what it returned. */
    public static <T> T eventually(Duration patience, Supplier<T> probe) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return probe.get();
            } catch (AssertionError notYet) {
                if (System.nanoTime() - deadline > 0) {
                    notYet.addSuppressed(new AssertionError("still failing after " + patience.toMillis() + " ms"));
                    throw notYet;
                }
            }
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
