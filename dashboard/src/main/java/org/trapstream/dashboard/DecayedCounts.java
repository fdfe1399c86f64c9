package org.trapstream.dashboard;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts per key in which every new observation counts fully and older ones fade: each {@code add} first scales
 * every weight by {@code 1 - 1/window}, so the counts describe roughly the last {@code window} observations (an
 * exponentially weighted window, with no list of past observations to keep). Keys whose weight has faded to
 * nothing are dropped, so a key seen once long ago costs no memory. Not thread-safe; owners synchronise.
 */
final class DecayedCounts<K> {

    /** Below this a key's weight is indistinguishable from none next to a full observation. */
    private static final double FADED = 1e-6;

    private final double keep;
    private final Map<K, Double> weights = new HashMap<>();

    /** @param window the number of recent observations the counts mostly describe, at least 1 */
    DecayedCounts(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
        this.keep = 1 - 1.0 / window;
    }

    void add(K key) {
        weights.replaceAll((k, weight) -> weight * keep);
        weights.values().removeIf(weight -> weight < FADED);
        weights.merge(key, 1.0, Double::sum);
    }

    /** The weight of {@code key} among all weights, 0 to 1; NaN before the first observation. */
    double share(K key) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        return total == 0 ? Double.NaN : weights.getOrDefault(key, 0.0) / total;
    }

    /** How far these counts' distribution lies from {@code other}'s, in bits ({@link JensenShannon}). */
    double divergenceFrom(DecayedCounts<K> other) {
        return JensenShannon.divergence(weights, other.weights);
    }
}
