package org.trapstream.model.eval;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.trapstream.serving.FeatureGaussian;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.OodScore;

/**
 * Fits a version's out-of-distribution detector, the same way on every training path, and measures how well a
 * score separates two sets of images (AUROC).
 *
 * <p>Every version whose network gives features gets the Mahalanobis distance on them ({@link #fitOnFeatures}): the
 * networks trained here (the activations that feed their output layer), heads over an imported backbone, and imports
 * whose manifest names {@code output.features}. It separated camera-trap frames from bee photos best on both the DL4J
 * bee model and an imported network, where every score on the softmax row failed on one of them or both
 * (BENCHMARKS.md, "Out-of-distribution detection"). An import without a feature output gets the score on the softmax
 * row, {@link #DEFAULT_METHOD} at {@link #DEFAULT_TEMPERATURE}; either way the threshold flags
 * {@link #DEFAULT_TARGET_FPR} of the in-distribution validation images.
 */
public final class OutOfDistribution {

    public static final OodScore DEFAULT_METHOD = OodScore.ENERGY;
    public static final double DEFAULT_TEMPERATURE = 20;
    public static final double DEFAULT_TARGET_FPR = 0.05;

    private OutOfDistribution() {
    }

    /** {@link #fit} with the default method, temperature and false-positive rate, for a network without features. */
    public static OodDetector fitDefault(float[][] validation) {
        return fit(DEFAULT_METHOD, DEFAULT_TEMPERATURE, validation, DEFAULT_TARGET_FPR);
    }

    /**
     * The threshold that flags at most {@code targetFpr} of {@code validation} (softmax rows at temperature 1 of
     * in-distribution images; see {@link Threshold}); the share it flags is recorded as {@code validation_fpr}.
     */
    public static OodDetector fit(OodScore method, double temperature, float[][] validation, double targetFpr) {
        Threshold threshold = Threshold.of(scores(method, temperature, validation), targetFpr);
        return new OodDetector(method, temperature, threshold.value(), targetFpr, threshold.flaggedShare(),
            validation.length);
    }

    /**
     * The Mahalanobis detector on a network's features: the class Gaussians fitted on the training images'
     * features, the threshold on the validation images' distances as {@link #fit} sets it.
     *
     * @param trainTruth each training row's class in {@code [0, classes)}
     */
    public static OodDetector fitOnFeatures(float[][] trainFeatures, int[] trainTruth, int classes,
                                            float[][] validationFeatures, double targetFpr) {
        FeatureGaussian gaussian = FeatureGaussian.fit(trainFeatures, trainTruth, classes);
        Threshold threshold = Threshold.of(Arrays.stream(validationFeatures).mapToDouble(gaussian::distance)
            .toArray(), targetFpr);
        return OodDetector.onFeatures(gaussian, threshold.value(), targetFpr, threshold.flaggedShare(),
            validationFeatures.length);
    }

    /**
     * The Mahalanobis detector from one labelled set, where no separate training images exist (an import
     * calibrated on a folder): each of {@code folds} folds is scored by Gaussians fitted on the others, the threshold
     * is set on those held-out distances, and the detector keeps the Gaussians fitted on the whole set. A distance
     * to Gaussians that saw the image would run small and set the threshold too low.
     */
    public static OodDetector fitOnFeaturesCrossFitted(float[][] features, int[] truth, int classes, int folds,
                                                       double targetFpr) {
        if (folds < 2 || features.length < 2 * folds) {
            throw new IllegalArgumentException(features.length + " feature rows cannot be split in " + folds
                + " folds of two or more");
        }
        double[] heldOut = new double[features.length];
        for (int fold = 0; fold < folds; fold++) {
            int held = fold;
            int[] fitRows = IntStream.range(0, features.length).filter(i -> i % folds != held).toArray();
            FeatureGaussian gaussian = FeatureGaussian.fit(Arrays.stream(fitRows).mapToObj(i -> features[i])
                .toArray(float[][]::new), Arrays.stream(fitRows).map(i -> truth[i]).toArray(), classes);
            for (int i = fold; i < features.length; i += folds) {
                heldOut[i] = gaussian.distance(features[i]);
            }
        }
        Threshold threshold = Threshold.of(heldOut, targetFpr);
        return OodDetector.onFeatures(FeatureGaussian.fit(features, truth, classes), threshold.value(), targetFpr,
            threshold.flaggedShare(), features.length);
    }

    /**
     * The threshold that flags at most {@code targetFpr} of the in-distribution {@code scores}: the score ranked
     * just below the allowed share. Ties at the threshold stay unflagged, so the share flagged can fall below the
     * target. Without scores nothing can be fitted and the threshold is infinite.
     */
    private record Threshold(double value, double flaggedShare) {

        static Threshold of(double[] scores, double targetFpr) {
            if (!(targetFpr >= 0 && targetFpr < 1)) {
                throw new IllegalArgumentException("target false-positive rate must lie in [0, 1): " + targetFpr);
            }
            if (scores.length == 0) {
                return new Threshold(Double.POSITIVE_INFINITY, 0);
            }
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            int allowed = (int) Math.floor(targetFpr * sorted.length);
            double threshold = sorted[sorted.length - 1 - allowed];
            long flagged = Arrays.stream(sorted).filter(score -> score > threshold).count();
            return new Threshold(threshold, (double) flagged / sorted.length);
        }
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
