package org.trapstream.common.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trapstream.common.review.ReviewValue.Candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewValueTest {

    @Test
    void aTieIsWorthMoreThanASurePredictionAndNoveltyAddsToEither() {
        assertEquals(0.0, ReviewValue.worth(1.0, 0.0, false), 1e-12);
        assertEquals(1.0, ReviewValue.worth(0.5, 0.5, false), 1e-12);
        assertEquals(0.6, ReviewValue.worth(0.6, 0.2, false), 1e-12);
        assertEquals(1.0, ReviewValue.worth(1.0, 0.0, true), 1e-12, "a sure prediction on an unfamiliar image");
        assertTrue(ReviewValue.worth(0.5, 0.5, true) <= ReviewValue.NO_MODEL);
    }

    @Test
    void theMostValuableComeFirstAndEqualWorthKeepsArrivalOrder() {
        List<Candidate<String>> candidates = List.of(
            new Candidate<>("sure", 0.1, "a"), new Candidate<>("tie", 1.0, "b"), new Candidate<>("odd", 1.5, "c"),
            new Candidate<>("tie-too", 1.0, "d"));
        assertEquals(List.of("odd", "tie", "tie-too", "sure"), ReviewValue.mostValuableFirst(candidates, 10));
        assertEquals(List.of("odd", "tie"), ReviewValue.mostValuableFirst(candidates, 2));
        assertEquals(List.of(), ReviewValue.mostValuableFirst(List.<Candidate<String>>of(), 5));
    }

    @Test
    void aBurstFromOneCameraDoesNotCrowdOutTheOthers() {
        List<Candidate<String>> candidates = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            candidates.add(new Candidate<>("burst-" + i, 0.9, "cam-1/deer"));
        }
        candidates.add(new Candidate<>("cam-2", 0.6, "cam-2/deer"));
        candidates.add(new Candidate<>("cam-3", 0.5, "cam-3/boar"));

        List<String> first = ReviewValue.mostValuableFirst(candidates, 4);

        assertEquals(List.of("burst-0", "cam-2", "cam-3", "burst-1"), first,
            "0.9, then 0.6 and 0.5 beat the burst's second frame at 0.9/2, then 0.45 beats its third at 0.3");
    }

    /** The lazy greedy choice equals the plain one that recomputes every candidate's discounted worth each step. */
    @Test
    void lazyChoiceEqualsTheExhaustiveGreedyChoice() {
        Random random = new Random(7);
        List<Candidate<Integer>> candidates = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            candidates.add(new Candidate<>(i, Math.round(random.nextDouble() * 20) / 10.0, "g" + random.nextInt(12)));
        }
        assertEquals(exhaustive(candidates, 60), ReviewValue.mostValuableFirst(candidates, 60));
    }

    private static List<Integer> exhaustive(List<Candidate<Integer>> candidates, int limit) {
        List<Candidate<Integer>> left = new ArrayList<>(candidates);
        List<Integer> chosen = new ArrayList<>();
        Map<String, Integer> perGroup = new HashMap<>();
        while (chosen.size() < limit && !left.isEmpty()) {
            Candidate<Integer> best = null;
            double bestWorth = -1;
            for (Candidate<Integer> c : left) {
                double discounted = c.worth() / (1 + perGroup.getOrDefault(c.group(), 0));
                if (discounted > bestWorth) {
                    best = c;
                    bestWorth = discounted;
                }
            }
            left.remove(best);
            chosen.add(best.item());
            perGroup.merge(best.group(), 1, Integer::sum);
        }
        return chosen;
    }
}
