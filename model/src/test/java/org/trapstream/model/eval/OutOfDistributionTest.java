package org.trapstream.model.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.OodScore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutOfDistributionTest {

    private static final int CLASSES = 6;

    /** In-distribution rows: one class clearly on top (0.7..1), as on images like the training set. */
    private static float[][] confident(Random random, int rows) {
        return rows(random, rows, 0.7, 1.0);
    }

    /** Out-of-distribution rows: no class stands out (top 1/6..0.55), as on images unlike anything trained on. */
    private static float[][] flat(Random random, int rows) {
        return rows(random, rows, 1.0 / CLASSES, 0.55);
    }

    /** Out-of-distribution rows of another kind: one class at 1 - 1e-7 or above, the others near 0 (extreme logits). */
    private static float[][] extreme(Random random, int rows) {
        return rows(random, rows, 1 - 1e-7, 1 - 1e-8);
    }

    private static float[][] rows(Random random, int rows, double minTop, double maxTop) {
        float[][] out = new float[rows][CLASSES];
        for (float[] row : out) {
            double top = minTop + random.nextDouble() * (maxTop - minTop);
            double[] rest = random.doubles(CLASSES - 1, 0.01, 1).toArray();
            double restSum = Arrays.stream(rest).sum();
            int winner = random.nextInt(CLASSES);
            for (int c = 0, r = 0; c < CLASSES; c++) {
                row[c] = (float) (c == winner ? top : (1 - top) * rest[r++] / restSum);
            }
        }
        return out;
    }

    @Test
    void theThresholdFlagsTheTargetShareOfInDistributionImagesAndMostOutOfDistributionOnes() {
        Random random = new Random(7);
        float[][] validation = confident(random, 4000);
        float[][] test = confident(random, 4000);
        float[][] flat = flat(random, 1000);
        float[][] extreme = extreme(random, 1000);
        record Case(OodScore method, double temperature, float[][] outside) {}
        for (Case c : List.of(new Case(OodScore.MAX_SOFTMAX, 1, flat), new Case(OodScore.ENERGY, 0.5, flat),
            new Case(OodScore.ENERGY, 20, extreme))) {
            OodDetector detector = OutOfDistribution.fit(c.method(), c.temperature(), validation, 0.05);

            assertEquals(0.05, detector.targetFpr());
            assertEquals(4000, detector.validationImages());
            assertEquals(0.05, detector.validationFpr(), 0.001, c + ": distinct scores, so exactly the target");
            assertEquals(detector.validationFpr(), flaggedShare(detector, validation), 1e-9,
                "validation_fpr is what the rows show");
            assertEquals(0.05, flaggedShare(detector, test), 0.015, c + ": new in-distribution images");
            assertTrue(flaggedShare(detector, c.outside()) > 0.9, c + ": out-of-distribution images");
        }
    }

    @Test
    void tiesAtTheThresholdStayUnflaggedSoTheShareNeverExceedsTheTarget() {
        float[][] identical = new float[100][];
        Arrays.fill(identical, new float[] {0.9f, 0.05f, 0.05f});
        OodDetector detector = OutOfDistribution.fit(OodScore.MAX_SOFTMAX, 1, identical, 0.05);
        assertEquals(0.0, detector.validationFpr());
        assertFalse(detector.flags(detector.score(identical[0])));
    }

    @Test
    void withoutValidationImagesNothingIsFlaggedAndTheDetectorSurvivesItsJson() {
        OodDetector detector = OutOfDistribution.fit(OodScore.ENERGY, 10, new float[0][], 0.05);
        assertFalse(detector.flags(detector.score(new float[] {0.34f, 0.33f, 0.33f})));
        OodDetector read = OodDetector.of(new JsonObject()
            .put(OodDetector.METRICS_KEY, detector.toJson())).orElseThrow();
        assertEquals(detector, read);
    }

    @Test
    void energyOnLogProbabilitiesIsZeroAtTemperatureOneGrowsWithFlatnessBelowAndWithSpreadAbove() {
        float[] peaked = {0.98f, 0.01f, 0.01f};
        float[] flat = {0.34f, 0.33f, 0.33f};
        assertEquals(0.0, OodScore.ENERGY.score(peaked, 1), 1e-6);
        assertEquals(0.0, OodScore.ENERGY.score(flat, 1), 1e-6);
        assertTrue(OodScore.ENERGY.score(flat, 0.5) > OodScore.ENERGY.score(peaked, 0.5));
        assertTrue(OodScore.ENERGY.score(flat, 10) < OodScore.ENERGY.score(peaked, 10), "the logits' spread above 1");
        assertEquals(-Math.log(0.98), OodScore.ENERGY.score(peaked, 0.01), 1e-3, "tends to -log(max p)");
        assertTrue(OodScore.MAX_SOFTMAX.score(flat, 1) > OodScore.MAX_SOFTMAX.score(peaked, 1));
    }

    @Test
    void aurocIsTheChanceThatAnOutsideImageOutscoresAnInsideOne() {
        assertEquals(1.0, OutOfDistribution.auroc(new double[] {0.1, 0.2}, new double[] {0.3, 0.4}));
        assertEquals(0.0, OutOfDistribution.auroc(new double[] {0.3, 0.4}, new double[] {0.1, 0.2}));
        assertEquals(0.5, OutOfDistribution.auroc(new double[] {0.5}, new double[] {0.5}), "a tie counts half");
        assertEquals(0.75, OutOfDistribution.auroc(new double[] {0.1, 0.3}, new double[] {0.2, 0.4}));
    }

    private static double flaggedShare(OodDetector detector, float[][] rows) {
        return Arrays.stream(rows).filter(row -> detector.flags(detector.score(row))).count() / (double) rows.length;
    }
}
