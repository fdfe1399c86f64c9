package org.trapstream.dashboard;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Jensen-Shannon divergence of two distributions given as non-negative weights per key (a key missing from one
 * side weighs 0 there), in bits: 0 for the same distribution, 1 for two with no key in common. Unlike the
 * Kullback-Leibler divergence it is symmetric and finite when one side has a key the other lacks, which a camera's
 * recent labels against its history often do.
 */
final class JensenShannon {

    private JensenShannon() {
    }

    /** The divergence of the two normalised distributions; NaN when either has no weight at all. */
    static <K> double divergence(Map<K, Double> p, Map<K, Double> q) {
        double pTotal = total(p);
        double qTotal = total(q);
        if (pTotal <= 0 || qTotal <= 0) {
            return Double.NaN;
        }
        Set<K> keys = new HashSet<>(p.keySet());
        keys.addAll(q.keySet());
        double sum = 0;
        for (K key : keys) {
            double pk = p.getOrDefault(key, 0.0) / pTotal;
            double qk = q.getOrDefault(key, 0.0) / qTotal;
            double mk = (pk + qk) / 2;
            sum += term(pk, mk) + term(qk, mk);
        }
        // Rounding can leave a hair below 0 or above 1.
        return Math.min(1, Math.max(0, sum / 2));
    }

    private static double term(double x, double m) {
        return x > 0 ? x * Math.log(x / m) / Math.log(2) : 0;
    }

    private static <K> double total(Map<K, Double> weights) {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
