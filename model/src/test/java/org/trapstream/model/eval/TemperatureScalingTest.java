package org.trapstream.model.eval;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemperatureScalingTest {

    private static final int IMAGES = 400;
    private static final int CLASSES = 3;

    /** A model that is right {@code accuracy} of the time and always claims {@code confidence} for its answer. */
    private record Predictions(float[][] probabilities, int[] truth) {

        static Predictions of(double accuracy, double confidence, long seed) {
            Random random = new Random(seed);
            float[][] rows = new float[IMAGES][CLASSES];
            int[] truth = new int[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                truth[i] = random.nextInt(CLASSES);
                int answer = random.nextDouble() < accuracy ? truth[i] : (truth[i] + 1 + random.nextInt(CLASSES - 1)) % CLASSES;
                for (int c = 0; c < CLASSES; c++) {
                    rows[i][c] = (float) (c == answer ? confidence : (1 - confidence) / (CLASSES - 1));
                }
            }
            return new Predictions(rows, truth);
        }
    }

    @Test
    void softensAnOverconfidentModelAndMakesItsConfidenceHonest() {
        Predictions overconfident = Predictions.of(0.7, 0.99, 1);

        TemperatureScaling.Fit fit = TemperatureScaling.fit(overconfident.probabilities(), overconfident.truth());

        assertTrue(fit.temperature() > 1.5, "T = " + fit.temperature());
        assertTrue(fit.nllAfter() < fit.nllBefore(), fit.toString());
        double eceBefore = TemperatureScaling.expectedCalibrationError(overconfident.probabilities(),
            overconfident.truth(), 1);
        double eceAfter = TemperatureScaling.expectedCalibrationError(overconfident.probabilities(),
            overconfident.truth(), fit.temperature());
        assertEquals(0.29, eceBefore, 0.05, "claims 0.99, is right 0.7 of the time");
        assertTrue(eceAfter < 0.05, "ECE after " + eceAfter);
    }

    @Test
    void calibrationErrorIsTheConfidenceGapWeightedByShareWhateverTheBins() {
        float[][] rightAndSure = {{1f, 0f}, {0f, 1f}, {1f, 0f}};
        assertEquals(0, TemperatureScaling.expectedCalibrationError(rightAndSure, new int[] {0, 1, 0}, 1, 15), 1e-9);

        float[][] ninetyPercentSure = new float[10][];
        Arrays.fill(ninetyPercentSure, new float[] {0.9f, 0.1f});
        int[] halfRight = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        assertEquals(0.4, TemperatureScaling.expectedCalibrationError(ninetyPercentSure, halfRight, 1, 15), 1e-6);
        assertEquals(0.4, TemperatureScaling.expectedCalibrationError(ninetyPercentSure, halfRight, 1), 1e-6);
    }

    @Test
    void sharpensAnUnderconfidentModel() {
        Predictions timid = Predictions.of(0.95, 0.5, 2);
        TemperatureScaling.Fit fit = TemperatureScaling.fit(timid.probabilities(), timid.truth());
        assertTrue(fit.temperature() < 1, "T = " + fit.temperature());
        assertTrue(fit.nllAfter() < fit.nllBefore(), fit.toString());
    }

    @Test
    void leavesTheTemperatureAloneWithTooFewValidationImages() {
        Predictions few = Predictions.of(1.0, 0.9, 3);
        float[][] rows = Arrays.copyOf(few.probabilities(), TemperatureScaling.MIN_IMAGES - 1);
        int[] truth = Arrays.copyOf(few.truth(), TemperatureScaling.MIN_IMAGES - 1);
        assertEquals(1.0, TemperatureScaling.fit(rows, truth).temperature());
    }
}
