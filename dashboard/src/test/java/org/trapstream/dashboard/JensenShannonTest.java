package org.trapstream.dashboard;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JensenShannonTest {

    @Test
    void theSameDistributionDoesNotDiverge() {
        assertEquals(0.0, JensenShannon.divergence(Map.of("a", 1.0, "b", 3.0), Map.of("a", 10.0, "b", 30.0)), 1e-12,
            "only the shares count, not the totals");
    }

    @Test
    void distributionsWithNoLabelInCommonDivergeByOneBit() {
        assertEquals(1.0, JensenShannon.divergence(Map.of("moonrat", 5.0), Map.of("empty", 2.0, "civet", 1.0)), 1e-12);
    }

    @Test
    void aHalfShiftDivergesAsComputedByHand() {
        // P = (1, 0), Q = (1/2, 1/2), M = (3/4, 1/4):
        // JS = 1/2 [log2(4/3)] + 1/2 [1/2 log2(2/3) + 1/2 log2(2)] = 0.311278 bits.
        double js = JensenShannon.divergence(Map.of("a", 1.0), Map.of("a", 1.0, "b", 1.0));
        assertEquals(0.311278, js, 1e-6);
        assertEquals(js, JensenShannon.divergence(Map.of("a", 1.0, "b", 1.0), Map.of("a", 1.0)), 1e-12, "symmetric");
    }

    @Test
    void anEmptyDistributionHasNoDivergence() {
        assertTrue(Double.isNaN(JensenShannon.divergence(Map.of(), Map.of("a", 1.0))));
        assertTrue(Double.isNaN(JensenShannon.divergence(Map.of("a", 0.0), Map.of("a", 1.0))));
    }
}
