package org.trapstream.bench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void meanSampleDeviationAndRange() {
        Spread spread = Spread.of(List.of(0.5, 0.7, 0.9));
        assertEquals(0.7, spread.mean(), 1e-12);
        assertEquals(0.2, spread.sd(), 1e-12);
        assertEquals("0.700 ± 0.200 (0.500–0.900)", spread.format());
    }

    @Test
    void oneValueHasNoDeviation() {
        assertEquals("0.431", Spread.of(List.of(0.4312)).format());
    }
}
