package org.trapstream.model.tune;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuneSearchSpaceTest {

    private final SearchSpace space = SearchSpace.DEFAULT;

    @Test
    void theSameSeedSamplesTheSameConfigurations() {
        assertEquals(space.sample(8, 42), space.sample(8, 42));
        assertNotEquals(space.sample(8, 42), space.sample(8, 43));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), space.sample(8, 42).stream().map(Trial::id).toList());
    }

    @Test
    void everySampleLiesInTheSpace() {
        for (Trial trial : space.sample(500, 7)) {
            assertTrue(trial.learningRate() >= 1e-4 && trial.learningRate() <= 1e-2, trial.describe());
            assertTrue(trial.architecture().dropout() >= 0 && trial.architecture().dropout() <= 0.5, trial.describe());
            assertTrue(space.convBlocks().contains(trial.architecture().convBlocks()), trial.describe());
            assertTrue(space.baseFilters().contains(trial.architecture().baseFilters()), trial.describe());
            assertTrue(space.denseSizes().contains(trial.architecture().denseSize()), trial.describe());
        }
    }

    @Test
    void theLearningRateIsLogUniform() {
        // Half the samples of [1e-4, 1e-2] lie below the geometric middle 1e-3 (a uniform draw would put 9 %).
        long below = space.sample(2000, 1).stream().filter(t -> t.learningRate() < 1e-3).count();
        assertTrue(below > 900 && below < 1100, below + " of 2000 below 1e-3");
    }

    @Test
    void depthsAnImageSizeCannotTakeAreLeftOut() {
        assertEquals(List.of(2, 3, 4), space.forImageSize(32).convBlocks());
        assertEquals(List.of(2, 3), space.forImageSize(24).convBlocks());
        assertEquals(List.of(2), space.forImageSize(20).convBlocks());
        assertThrows(IllegalArgumentException.class, () -> space.forImageSize(18));
        assertTrue(space.forImageSize(24).sample(100, 3).stream().allMatch(t -> t.architecture().convBlocks() <= 3));
    }
}
