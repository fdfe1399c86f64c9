package org.trapstream.serving.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How close an output must come to ONNX's reference: numpy's {@code allclose} rule for floating point
 * ({@code |actual - expected| <= absolute + relative * |expected|}, NaN matching NaN, infinities matching exactly),
 * exact equality for integers and bool; element type and shape always exact.
 */
record Tolerance(double relative, double absolute) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "rtol %.0e, atol %.0e", relative, absolute);
    }

    /** Why {@code actual} does not pass for {@code expected}, or empty when it does. */
    Optional<String> mismatch(TensorValue expected, TensorValue actual) {
        if (actual.type() != expected.type()) {
            return Optional.of("type " + actual.type() + ", expected " + expected.type());
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return Optional.of("shape " + Arrays.toString(actual.shape()) + ", expected "
                + Arrays.toString(expected.shape()));
        }
        return expected.type().isFloatingPoint() ? realMismatch(expected, actual) : integerMismatch(expected, actual);
    }

    private Optional<String> realMismatch(TensorValue expected, TensorValue actual) {
        ElementType type = expected.type();
        int outside = 0;
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.size(); i++) {
            double want = type.real(expected.data(), i);
            double got = type.real(actual.data(), i);
            double ratio = excess(want, got);
            if (ratio > 1) {
                outside++;
                if (ratio > worstRatio) {
                    worst = i;
                    worstRatio = ratio;
                }
            }
        }
        return outside == 0 ? Optional.empty() : Optional.of(outside + " of " + expected.size()
            + " elements outside " + this + "; the worst, element " + worst
            + ": " + type.real(actual.data(), worst) + ", expected " + type.real(expected.data(), worst));
    }

    /** The difference as a multiple of what is allowed: at most 1 passes. */
    private double excess(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (expected == actual) {
            return 0;
        }
        return Math.abs(actual - expected) / (absolute + relative * Math.abs(expected));
    }

    private static Optional<String> integerMismatch(TensorValue expected, TensorValue actual) {
        ElementType type = expected.type();
        for (int i = 0; i < expected.size(); i++) {
            long want = type.integer(expected.data(), i);
            long got = type.integer(actual.data(), i);
            if (got != want) {
                return Optional.of("element " + i + ": " + got + ", expected " + want);
            }
        }
        return Optional.empty();
    }
}
