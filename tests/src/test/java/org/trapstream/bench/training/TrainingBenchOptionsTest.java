package org.trapstream.bench.training;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.trapstream.model.data.Sampling;
import org.trapstream.model.train.TrainingSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingBenchOptionsTest {

    @Test
    void everyFigureRunsUnlessTheListNamesSome() {
        TrainingBenchOptions all = TrainingBenchOptions.parse(List.of("--quick"));
        TrainingBenchOptions some = TrainingBenchOptions.parse(List.of("--figures", "6,7"));

        assertTrue(all.runs(1) && all.runs(7));
        assertTrue(some.runs(6) && some.runs(7));
        assertFalse(some.runs(1) || some.runs(5));
    }

    @Test
    void aWrongFigureListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrainingBenchOptions.parse(List.of("--figures", "8")));
        assertThrows(IllegalArgumentException.class, () -> TrainingBenchOptions.parse(List.of("--figures", "six")));
        assertThrows(IllegalArgumentException.class, () -> TrainingBenchOptions.parse(List.of("--figures")));
    }

    @Test
    void bothFormsCompareMeasuresUnderTwoSeedsOrMoreAndTheQuickOneAt32Px() {
        TrainingBenchOptions quick = TrainingBenchOptions.parse(List.of("--quick"));
        TrainingBenchOptions full = TrainingBenchOptions.parse(List.of());

        assertTrue(quick.measureSeeds().size() >= 2 && full.measureSeeds().size() >= 2);
        assertEquals(32, quick.measureSize());
    }

    @Test
    void aMeasuresKeysReachTheTrainingOptions() {
        TrainingBenchOptions quick = TrainingBenchOptions.parse(List.of("--quick"));

        assertEquals(Sampling.BALANCED, quick.training(32, 2, 16, 7,
            Map.of(TrainingSettings.TRAIN_SAMPLING, "balanced")).sampling());
        assertEquals(Sampling.SHUFFLE, quick.training(32, 2, 16, 7).sampling());
    }
}
