package org.trapstream.model.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.trapstream.model.TinyNetworks;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.ImageBatchIterator;
import org.trapstream.model.data.Sampling;
import org.trapstream.serving.Preprocessor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrRangeTestTest {

    private static final List<String> LABELS = TinyNetworks.LABELS;

    @Test
    void growsTheRateExponentiallyAndStopsWhenTheLossBlowsUp() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        LABELS.forEach(label -> counts.put(label, 8));
        List<DecodedImage> images = SyntheticImages.of(counts, LABELS, TinyNetworks.SIZE, 1);
        Preprocessor preprocessor = SyntheticImages.preprocessor(images, TinyNetworks.SIZE);
        ImageBatchIterator batches = ImageBatchIterator.training(images, LABELS, 8, preprocessor, null,
            Sampling.SHUFFLE, 2);

        // 60 steps over 3 batches: the images are reused; 1e-5 to 1e3 with Adam diverges well before the end.
        LrRangeTest.Result result = LrRangeTest.run(new SeedCnn(1, 4, 3, false, 0, 8, 0)
            .build(TinyNetworks.SIZE, LABELS.size(), 1e-3, 3), batches, 1e-5, 1e3, 60);

        double[] rates = result.rates();
        assertEquals(1e-5, rates[0], 1e-15);
        double ratio = Math.pow(1e8, 1.0 / 59);
        for (int i = 1; i < rates.length; i++) {
            assertEquals(ratio, rates[i] / rates[i - 1], 1e-6, "a constant factor per step");
        }
        assertTrue(rates.length < 60, "stopped early: " + result.stopReason());
        double best = Arrays.stream(result.smoothed()).min().orElseThrow();
        assertTrue(result.smoothed()[rates.length - 1] > LrRangeTest.DIVERGENCE * best
            || result.stopReason().contains("became"), result.stopReason());
        assertEquals(result.minLossRate() / 10, result.suggestedRate(), 1e-15);
        assertTrue(result.steepestRate() <= result.minLossRate(), "the steepest descent comes before the minimum");
    }

    @Test
    void steepestIsWhereTheLossFallsFastestPerDecade() {
        double[] rates = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        double[] smoothed = {2.0, 1.9, 1.2, 1.0, 3.0};

        // Five steps: a window of one step, nothing skipped; the rate is the window's geometric middle.
        assertEquals(Math.sqrt(1e-3 * 1e-2), LrRangeTest.steepest(rates, smoothed, 3), 1e-15);
        assertTrue(Double.isNaN(LrRangeTest.steepest(rates, smoothed, 0)), "no descent before a first-step minimum");
    }

    @Test
    void refusesAnEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> LrRangeTest.run(TinyNetworks.seedCnn(1), null, 1, 1, 10));
    }
}
