package org.trapstream.serving;

import java.util.Arrays;
import java.util.Locale;

/**
 * How far an image lies outside what a model was trained on, from its softmax row at temperature 1: higher means
 * further out. Both methods read only the class probabilities, so they work for every engine and for networks that
 * end in a softmax as well as those that give logits (log p equals the logits up to a per-row constant).
 */
public enum OodScore {

    /** One minus the top-1 probability (Hendrycks and Gimpel's baseline). */
    MAX_SOFTMAX {
        @Override
        public double score(float[] probabilities, double temperature) {
            double top = 0;
            for (float p : probabilities) {
                top = Math.max(top, p);
            }
            return 1 - top;
        }
    },

    /**
     * The energy -T * logsumexp(z / T) with z = log p. On a network's logits the per-row constant that softmax
     * drops (logsumexp z) is what the energy score adds over the softmax; on log p that constant is gone, and the
     * energy becomes (1 - T) times the Rényi entropy of order 1/T of the row. It is 0 at T = 1. Below 1 it grows
     * with the row's flatness (tending to -log(max p) as T tends to 0, the baseline's ranking). Above 1 it grows
     * with the spread of the logits instead: as T grows it tends to logsumexp(z) - mean(z) - T log(labels), so it
     * flags images that drive the logits to extremes, confidences like 0.9999994 included.
     */
    ENERGY {
        @Override
        public double score(float[] probabilities, double temperature) {
            double[] scaled = new double[probabilities.length];
            for (int i = 0; i < probabilities.length; i++) {
                scaled[i] = Math.log(Math.max(probabilities[i], MIN_PROBABILITY)) / temperature;
            }
            double max = Arrays.stream(scaled).max().orElse(0);
            double sum = Arrays.stream(scaled).map(s -> Math.exp(s - max)).sum();
            return -temperature * (max + Math.log(sum));
        }
    };

    /** The floor of a probability before its logarithm: float softmax rows underflow to 0. */
    public static final double MIN_PROBABILITY = 1e-12;

    /** @param temperature the method's temperature (energy); ignored by methods without one */
    public abstract double score(float[] probabilities, double temperature);

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OodScore fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
