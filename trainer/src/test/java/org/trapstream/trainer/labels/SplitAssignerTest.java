package org.trapstream.trainer.labels;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.HexFormat;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitAssignerTest {

    private static final int IDS = 20_000;

    private static String[] randomIds(long seed) {
        Random random = new Random(seed);
        return IntStream.range(0, IDS).mapToObj(i -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }).toArray(String[]::new);
    }

    @Test
    void sameIdAlwaysLandsInTheSameSplit() {
        String[] ids = randomIds(1);
        SplitAssigner first = new SplitAssigner(10, 10);
        SplitAssigner second = new SplitAssigner(10, 10);
        for (String id : ids) {
            assertEquals(first.splitOf(id), second.splitOf(id), id);
            assertEquals(first.splitOf(id), first.splitOf(new String(id)), id);
        }
    }

    @Test
    void proportionsFollowThePercentages() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        SplitAssigner assigner = new SplitAssigner(15, 5);
        for (String id : randomIds(2)) {
            counts.merge(assigner.splitOf(id), 1, Integer::sum);
        }
        assertEquals(0.80, counts.get(Split.TRAIN) / (double) IDS, 0.015, counts.toString());
        assertEquals(0.15, counts.get(Split.VALIDATION) / (double) IDS, 0.01, counts.toString());
        assertEquals(0.05, counts.get(Split.EVALUATION) / (double) IDS, 0.01, counts.toString());
    }

    @Test
    void changingTheValidationShareLeavesTheFrozenEvaluationSetAlone() {
        SplitAssigner before = new SplitAssigner(10, 10);
        SplitAssigner after = new SplitAssigner(25, 10);
        int evaluated = 0;
        for (String id : randomIds(3)) {
            boolean wasEvaluated = before.splitOf(id) == Split.EVALUATION;
            assertEquals(wasEvaluated, after.splitOf(id) == Split.EVALUATION, id);
            evaluated += wasEvaluated ? 1 : 0;
            if (before.splitOf(id) == Split.VALIDATION) {
                assertEquals(Split.VALIDATION, after.splitOf(id), "a larger validation share only takes from training");
            }
        }
        assertTrue(evaluated > IDS / 20, "some images are evaluated: " + evaluated);
    }

    @Test
    void refusesSplitsThatLeaveNothingToTrainOn() {
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(50, 50));
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(-1, 10));
    }
}
