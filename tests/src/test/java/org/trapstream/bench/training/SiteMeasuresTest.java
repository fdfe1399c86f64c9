package org.trapstream.bench.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.model.eval.UnseenSiteScore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteMeasuresTest {

    private static final SiteMeasures.Measure CROP = SiteMeasures.SINGLE.get(0);
    private static final SiteMeasures.Measure COLOUR = SiteMeasures.SINGLE.get(1);
    private static final SiteMeasures.Measure GREY = SiteMeasures.SINGLE.get(2);
    private static final SiteMeasures.Measure BALANCED = SiteMeasures.SINGLE.get(3);

    static Stream<Arguments> scoresAndTheirCombination() {
        return Stream.of(
            Arguments.of("every measure that beat the baseline", Map.of(SiteMeasures.BASELINE, 0.30, CROP, 0.40,
                COLOUR, 0.35, GREY, 0.20, BALANCED, 0.31), "random resized crop + colour jitter + balanced",
                List.of(CROP, COLOUR, BALANCED)),
            Arguments.of("with fewer than two better, the two best, saying so", Map.of(SiteMeasures.BASELINE, 0.50,
                CROP, 0.40, COLOUR, 0.45, GREY, 0.20, BALANCED, 0.10),
                "colour jitter + random resized crop (the two best", List.of(COLOUR, CROP)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoresAndTheirCombination")
    void theCombinationJoinsTheMeasuresItTakesAndNamesThem(String scenario, Map<SiteMeasures.Measure, Double> scores,
                                                           String namePrefix, List<SiteMeasures.Measure> taken) {
        SiteMeasures.Measure combination = SiteMeasures.combine(runs(scores));

        assertTrue(combination.name().startsWith(namePrefix), combination.name());
        assertEquals(taken.stream().mapToInt(measure -> measure.keys().size()).sum(), combination.keys().size());
    }

    @Test
    void theGainIsPairedBySeed() {
        List<SiteMeasures.Run> runs = List.of(run(SiteMeasures.BASELINE, 1, 0.2), run(SiteMeasures.BASELINE, 2, 0.6),
            run(CROP, 1, 0.3), run(CROP, 2, 0.8));
        SiteMeasures.DatasetResult result = new SiteMeasures.DatasetResult("bees", 10, 32, 2, 32, List.of(1L, 2L),
            CROP, runs);

        Spread gain = result.pairedGain(CROP);

        assertEquals(0.15, gain.mean(), 1e-12);
        assertEquals(0.1, gain.min(), 1e-12);
        assertEquals(0.55, result.spread(CROP, SiteMeasures.Run::unseenSiteScore).mean(), 1e-12);
    }

    private static List<SiteMeasures.Run> runs(Map<SiteMeasures.Measure, Double> scores) {
        List<SiteMeasures.Run> runs = new ArrayList<>();
        scores.forEach((measure, score) -> {
            runs.add(run(measure, 1, score - 0.01));
            runs.add(run(measure, 2, score + 0.01));
        });
        return runs;
    }

    /** A run whose one scored site scored {@code score}, beside a site with nothing learnable elsewhere. */
    private static SiteMeasures.Run run(SiteMeasures.Measure measure, long seed, double score) {
        return new SiteMeasures.Run(measure, seed, 0.9, List.of(
            UnseenSiteScore.of("A", Map.of("bee", score), List.of("bee"), List.of("bee", "wasp")),
            UnseenSiteScore.of("B", Map.of(), List.of("moth"), List.of("bee"))));
    }
}
