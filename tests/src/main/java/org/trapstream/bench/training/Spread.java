package org.trapstream.bench.training;

import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Mean, sample standard deviation and range of a few repeated measurements. */
public record Spread(double mean, double sd, double min, double max, List<Double> values) {

    public static Spread of(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : Double.NaN;
        return new Spread(mean, sd, values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
            values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), List.copyOf(values));
    }

    /** {@code 0.43 ± 0.05 (0.38–0.48)}, or the single value when there is one. */
    public String format() {
        if (values.size() < 2) {
            return String.format(Locale.ROOT, "%.3f", mean);
        }
        return String.format(Locale.ROOT, "%.3f ± %.3f (%.3f–%.3f)", mean, sd, min, max);
    }

    /** {@code 0.43 (0.38–0.48)}: for two or three repeats, where a standard deviation says little. */
    public String formatRange() {
        if (values.size() < 2) {
            return String.format(Locale.ROOT, "%.3f", mean);
        }
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", mean, min, max);
    }

    JsonObject toJson() {
        return new JsonObject().put("mean", mean).put("sd", Double.isFinite(sd) ? sd : null).put("min", min)
            .put("max", max).put("values", new JsonArray(values));
    }
}
