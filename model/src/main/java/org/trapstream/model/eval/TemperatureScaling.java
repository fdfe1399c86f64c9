package org.trapstream.model.eval;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;

/**
 * Temperature scaling: one number T that divides the logits, softmax(z / T), fitted on the validation split by
 * minimising the negative log-likelihood of the true labels. It changes no prediction (the top label stays the
 * top label) but makes the confidences honest, which the review queue relies on: a small CNN trained on a few
 * hundred images is typically over-confident (T > 1 softens it).
 *
 * <p>The network ends in a softmax, so log(p) equals the logits up to a per-row constant that softmax ignores;
 * temperatures are searched on a log scale between {@value #MIN_TEMPERATURE} and {@value #MAX_TEMPERATURE}
 * with a golden-section search (the likelihood is unimodal in log T). With fewer than {@value #MIN_IMAGES}
 * validation images the fit would chase noise (a handful of correct answers always favours T → 0), so T stays 1.
 */
public final class TemperatureScaling {

    static final double MIN_TEMPERATURE = 0.1;
    static final double MAX_TEMPERATURE = 10;
    static final int MIN_IMAGES = 30;
    /** Bins of the expected calibration error, as the calibration literature reports it. */
    public static final int ECE_BINS = 15;
    private static final int SEARCH_STEPS = 60;
    private static final double MIN_PROBABILITY = 1e-12;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    /** The fitted temperature and how the likelihood on the validation images changed. */
    public record Fit(double temperature, int images, double nllBefore, double nllAfter) {

        public JsonObject toJson() {
            return new JsonObject()
                .put("temperature", temperature)
                .put("validation_images", images)
                .put("validation_nll_before", JsonScores.finiteOrNull(nllBefore))
                .put("validation_nll_after", JsonScores.finiteOrNull(nllAfter));
        }
    }

    /**
     * @param probabilities one softmax row per image
     * @param truth         the index of each image's true class in the rows
     */
    public static Fit fit(float[][] probabilities, int[] truth) {
        double before = nll(probabilities, truth, 1);
        if (probabilities.length < MIN_IMAGES) {
            return new Fit(1, probabilities.length, before, before);
        }
        double low = Math.log(MIN_TEMPERATURE);
        double high = Math.log(MAX_TEMPERATURE);
        for (int step = 0; step < SEARCH_STEPS; step++) {
            double left = high - GOLDEN * (high - low);
            double right = low + GOLDEN * (high - low);
            if (nll(probabilities, truth, Math.exp(left)) <= nll(probabilities, truth, Math.exp(right))) {
                high = right;
            } else {
                low = left;
            }
        }
        double temperature = Math.exp((low + high) / 2);
        return new Fit(temperature, probabilities.length, before, nll(probabilities, truth, temperature));
    }

    /** Mean negative log-likelihood of the true classes after dividing the logits by {@code temperature}. */
    public static double nll(float[][] probabilities, int[] truth, double temperature) {
        if (probabilities.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            sum += logSumExp(probabilities[i], temperature) - logit(probabilities[i][truth[i]]) / temperature;
        }
        return sum / probabilities.length;
    }

    /** {@link #expectedCalibrationError(float[][], int[], double, int)} with the usual {@value #ECE_BINS} bins. */
    public static double expectedCalibrationError(float[][] probabilities, int[] truth, double temperature) {
        return expectedCalibrationError(probabilities, truth, temperature, ECE_BINS);
    }

    /**
     * Expected calibration error: images binned by their top confidence into {@code bins} equal bins, the gap
     * between each bin's accuracy and mean confidence, weighted by the bin's share of images; NaN without images.
     */
    public static double expectedCalibrationError(float[][] probabilities, int[] truth, double temperature, int bins) {
        if (probabilities.length == 0) {
            return Double.NaN;
        }
        double error = 0;
        for (ReliabilityBin bin : reliability(probabilities, truth, temperature, bins)) {
            if (bin.images() > 0) {
                error += bin.images() * Math.abs(bin.accuracy() - bin.confidence());
            }
        }
        return error / probabilities.length;
    }

    /**
     * The reliability diagram's bins: images binned by their top confidence after dividing the logits by
     * {@code temperature}, each bin's mean confidence and accuracy (a class the model does not know is never
     * right). Empty bins are kept, with NaN confidence and accuracy, so every diagram has {@code bins} columns.
     */
    public static List<ReliabilityBin> reliability(float[][] probabilities, int[] truth, double temperature, int bins) {
        double[] confidence = new double[bins];
        int[] correct = new int[bins];
        int[] images = new int[bins];
        for (int i = 0; i < probabilities.length; i++) {
            int top = Scoring.argMax(probabilities[i]);
            double p = confidence(probabilities[i], temperature);
            int bin = Math.min(bins - 1, (int) (p * bins));
            confidence[bin] += p;
            correct[bin] += top == truth[i] ? 1 : 0;
            images[bin]++;
        }
        List<ReliabilityBin> result = new ArrayList<>(bins);
        for (int bin = 0; bin < bins; bin++) {
            result.add(new ReliabilityBin((double) bin / bins, (double) (bin + 1) / bins, images[bin],
                confidence[bin] / images[bin], (double) correct[bin] / images[bin]));
        }
        return result;
    }

    /** The top class's probability once the logits of {@code row} (softmax at T = 1) are divided by {@code temperature}. */
    public static double confidence(float[] row, double temperature) {
        return Math.exp(logit(row[Scoring.argMax(row)]) / temperature - logSumExp(row, temperature));
    }

    private static double logit(float probability) {
        return Math.log(Math.max(probability, MIN_PROBABILITY));
    }

    private static double logSumExp(float[] row, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float p : row) {
            max = Math.max(max, logit(p) / temperature);
        }
        double sum = 0;
        for (float p : row) {
            sum += Math.exp(logit(p) / temperature - max);
        }
        return max + Math.log(sum);
    }

    private TemperatureScaling() {
    }
}
