package org.trapstream.serving;

import java.util.Arrays;
import java.util.Locale;

/**
 * How far an image lies outside what a model was trained on: higher means further out. The max-softmax and energy
 * scores read only the softmax row at temperature 1, so they work for every network, those that end in a softmax as
 * well as those that give logits (log p equals the logits up to a per-row constant). The Mahalanobis distance reads
 * the network's penultimate features instead ({@link FeatureGaussian}), for versions whose network gives them.
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
    },

    /** The squared Mahalanobis distance of the features from the nearest class ({@link FeatureGaussian#distance}). */
    MAHALANOBIS {
        @Override
        public double score(float[] probabilities, double temperature) {
            throw new UnsupportedOperationException("the Mahalanobis distance reads features, not probabilities");
        }

        @Override
        public boolean readsFeatures() {
            return true;
        }
    };

    /** The floor of a probability before its logarithm: float softmax rows underflow to 0. */
    public static final double MIN_PROBABILITY = 1e-12;

    /**
     * The score of a softmax row, for the methods that read probabilities.
     *
     * @param temperature the method's temperature (energy); ignored by methods without one
     */
    public abstract double score(float[] probabilities, double temperature);

    /** Whether the score reads the network's features ({@link FeatureGaussian}) rather than its softmax row. */
    public boolean readsFeatures() {
        return false;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OodScore fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
