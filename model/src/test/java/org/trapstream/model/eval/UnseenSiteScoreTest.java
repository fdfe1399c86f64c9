package org.trapstream.model.eval;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnseenSiteScoreTest {

    @Test
    void scoresOnlyTheClassesTrainedElsewhere() {
        UnseenSiteScore alvin = UnseenSiteScore.of("Alvin", Map.of("italian", 0.8, "vsh", 0.2, "carniolan", 0.0),
            List.of("italian", "vsh", "italian", "local"), List.of("italian", "vsh", "carniolan"));

        assertEquals(List.of("italian", "vsh"), alvin.scored());
        assertEquals(List.of("local"), alvin.unlearnable());
        assertEquals(0.5, alvin.macroF1(), 1e-12, "the unlearnable class's 0 is left out");
        assertTrue(alvin.counts());
    }

    @Test
    void aClassNeverPredictedThereScoresZero() {
        UnseenSiteScore site = UnseenSiteScore.of("B", Map.of("italian", 0.6), List.of("italian", "vsh"),
            List.of("italian", "vsh"));

        assertEquals(0.3, site.macroF1(), 1e-12);
    }

    @Test
    void theMeanSkipsSitesWithNothingLearnable() {
        UnseenSiteScore learnable = UnseenSiteScore.of("A", Map.of("italian", 0.4), List.of("italian"),
            List.of("italian"));
        UnseenSiteScore alone = UnseenSiteScore.of("Athens", Map.of(), List.of("local"), List.of("italian"));

        assertFalse(alone.counts());
        assertTrue(Double.isNaN(alone.macroF1()));
        assertEquals(0.4, UnseenSiteScore.mean(List.of(learnable, alone)), 1e-12);
        assertTrue(Double.isNaN(UnseenSiteScore.mean(List.of(alone))));
        assertEquals(List.of("local"), alone.toJson().getJsonArray("unlearnable_classes").getList());
    }
}
