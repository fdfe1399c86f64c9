package org.trapstream.bench;

import java.util.Arrays;

import io.vertx.core.json.JsonObject;

/** Summary of a set of durations in milliseconds; percentiles by the nearest-rank method. */
record Percentiles(int count, double mean, double p50, double p95, double p99, double max) {

    static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static Percentiles ofNanos(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return ofMillis(ms);
    }

    static Percentiles ofMillis(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, Arrays.stream(sorted).average().orElseThrow(), rank(sorted, 50),
            rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    JsonObject toJson() {
        return new JsonObject().put("count", count).put("mean_ms", round(mean)).put("p50_ms", round(p50))
            .put("p95_ms", round(p95)).put("p99_ms", round(p99)).put("max_ms", round(max));
    }

    /** Two decimals are plenty for timings taken on a shared machine; null (JSON null) when not measured. */
    static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
    }
}
