package org.trapstream.model.eval;

import java.util.Arrays;

import org.trapstream.serving.OodDetector;
import org.trapstream.serving.OodScore;

/**
 * Fits a version's out-of-distribution threshold on its validation images, the same way on every training path,
 * and measures how well a score separates two sets of images (AUROC).
 *
 * <p>The default, {@link #DEFAULT_METHOD} at {@link #DEFAULT_TEMPERATURE} flagging {@link #DEFAULT_TARGET_FPR} of
 * the in-distribution validation images, is the one that separated the bee test split from camera-trap frames
 * best (BENCHMARKS.md, "Out-of-distribution detection"): the bee model is more sure of camera-trap frames than of
 * bees, so the max-softmax probability and the energy below T = 1 rank them as the most familiar images, while
 * the energy above 1 flags the extreme logits they cause.
 */
public final class OutOfDistribution {

    public static final OodScore DEFAULT_METHOD = OodScore.ENERGY;
    public static final double DEFAULT_TEMPERATURE = 20;
    public static final double DEFAULT_TARGET_FPR = 0.05;

    private OutOfDistribution() {
    }

    /** {@link #fit} with the default method, temperature and false-positive rate: what every version gets. */
    public static OodDetector fitDefault(float[][] validation) {
        return fit(DEFAULT_METHOD, DEFAULT_TEMPERATURE, validation, DEFAULT_TARGET_FPR);
    }

    /**
     * The threshold that flags at most {@code targetFpr} of {@code validation} (softmax rows at temperature 1 of
     * in-distribution images): the score of the validation image ranked just below the allowed share. Ties at
     * the threshold stay unflagged, so the share flagged can fall below the target; it is recorded as
     * {@code validation_fpr}. Without validation images nothing can be fitted and the threshold is infinite.
     */
    public static OodDetector fit(OodScore method, double temperature, float[][] validation, double targetFpr) {
        if (!(targetFpr >= 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("target false-positive rate must lie in [0, 1): " + targetFpr);
        }
        double[] scores = scores(method, temperature, validation);
        if (scores.length == 0) {
            return new OodDetector(method, temperature, Double.POSITIVE_INFINITY, targetFpr, 0, 0);
        }
        Arrays.sort(scores);
        int allowed = (int) Math.floor(targetFpr * scores.length);
        double threshold = scores[scores.length - 1 - allowed];
        long flagged = Arrays.stream(scores).filter(score -> score > threshold).count();
        return new OodDetector(method, temperature, threshold, targetFpr, (double) flagged / scores.length,
            scores.length);
    }

    public static double[] scores(OodScore method, double temperature, float[][] rows) {
        return Arrays.stream(rows).mapToDouble(row -> method.score(row, temperature)).toArray();
    }

    /**
     * The area under the ROC curve of telling {@code outside} from {@code inside} by score (higher = outside): the
     * chance that a random outside image scores above a random inside one, ties counting half.
     */
    public static double auroc(double[] inside, double[] outside) {
        double[] sorted = inside.clone();
        Arrays.sort(sorted);
        double wins = 0;
        for (double score : outside) {
            int below = countBelow(sorted, score, false);
            wins += below + (countBelow(sorted, score, true) - below) / 2.0;
        }
        return wins / ((double) inside.length * outside.length);
    }

    /** How many of {@code sorted} lie below {@code value}, or at or below it when {@code inclusive}. */
    private static int countBelow(double[] sorted, double value, boolean inclusive) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value || inclusive && sorted[mid] == value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
