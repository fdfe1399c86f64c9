package org.trapstream.model.eval;

import java.util.List;
import java.util.Random;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    private static final int CLASSES = 4;

    /** Softmax rows of a model that is right 70% of the time while its logits say it is nearly sure. */
    private record Overconfident(float[][] rows, int[] truth) {

        static Overconfident of(int images, long seed) {
            Random random = new Random(seed);
            float[][] rows = new float[images][];
            int[] truth = new int[images];
            for (int i = 0; i < images; i++) {
                truth[i] = random.nextInt(CLASSES);
                int answer = random.nextDouble() < 0.7 ? truth[i] : (truth[i] + 1 + random.nextInt(CLASSES - 1)) % CLASSES;
                double[] logits = new double[CLASSES];
                for (int c = 0; c < CLASSES; c++) {
                    logits[c] = random.nextGaussian() + (c == answer ? 6 + random.nextDouble() * 2 : 0);
                }
                rows[i] = softmax(logits);
            }
            return new Overconfident(rows, truth);
        }

        private static float[] softmax(double[] logits) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits) {
                max = Math.max(max, z);
            }
            double sum = 0;
            for (double z : logits) {
                sum += Math.exp(z - max);
            }
            float[] row = new float[logits.length];
            for (int c = 0; c < logits.length; c++) {
                row[c] = (float) (Math.exp(logits[c] - max) / sum);
            }
            return row;
        }
    }

    @Test
    void aTemperatureFittedOnValidationLowersTheCalibrationErrorOnOtherImages() {
        Calibration calibration = measure(Overconfident.of(300, 1), Overconfident.of(500, 2));

        assertTrue(calibration.temperature() > 1.5, "softened: T = " + calibration.temperature());
        assertTrue(calibration.eceBefore() > 0.2, "claims ~0.99, right 0.7 of the time: " + calibration.eceBefore());
        assertTrue(calibration.eceAfter() < calibration.eceBefore() / 3, calibration.toString());
        assertEquals(TemperatureScaling.ECE_BINS, calibration.after().size());
        assertEquals(500, calibration.after().stream().mapToInt(ReliabilityBin::images).sum());
    }

    @Test
    void itsRecordHoldsTheTemperatureTheErrorsAndTheReliabilityBins() {
        Calibration calibration = measure(Overconfident.of(100, 3), Overconfident.of(100, 4));

        JsonObject json = calibration.toJson();
        JsonObject metrics = new JsonObject().put(Calibration.METRICS_KEY, json);

        assertEquals(calibration.temperature(), json.getDouble("temperature"));
        assertEquals(calibration.eceBefore(), json.getDouble("ece_before"));
        assertEquals(calibration.eceAfter(), json.getDouble("ece_after"));
        assertEquals(15, json.getInteger("bins"));
        assertEquals(100, json.getInteger("validation_images"));
        assertEquals(100, json.getInteger("evaluation_images"));
        assertEquals(calibration.before(), Calibration.reliabilityOf(metrics, "before"));
        assertEquals(calibration.after(), Calibration.reliabilityOf(metrics, "after"));
    }

    @Test
    void withoutEvaluationImagesTheErrorsAreUnknownNotZero() {
        Overconfident validation = Overconfident.of(100, 5);

        JsonObject json = Calibration.measure(validation.rows(), validation.truth(), new float[0][], new int[0]).toJson();

        assertNull(json.getValue("ece_before"));
        assertNull(json.getValue("ece_after"));
        assertEquals(List.of(), Calibration.reliabilityOf(new JsonObject(), "after"));
    }

    private static Calibration measure(Overconfident validation, Overconfident evaluation) {
        return Calibration.measure(validation.rows(), validation.truth(), evaluation.rows(), evaluation.truth());
    }
}
