package org.trapstream.model.tune;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.model.arch.SeedCnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The halving schedule with a plain objective function: each trial has a fixed quality and a gain per epoch,
 * and every epoch advances a clock by one minute, so which trials advance and where the budget stops the
 * search can be worked out by hand.
 */
class SuccessiveHalvingTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** Trial id -> macro-F1 after its first epoch; trials 4 and 2 lead after rung 0. */
    private static final Map<Integer, Double> QUALITY = Map.of(
        1, 0.10, 2, 0.80, 3, 0.30, 4, 0.90, 5, 0.20, 6, 0.50, 7, 0.70, 8, 0.40);
    /** Macro-F1 gained per further epoch: trial 2 learns faster and overtakes trial 4 at rung 1. */
    private static final Map<Integer, Double> GAIN = Map.of(
        1, 0.0, 2, 0.07, 3, 0.0, 4, 0.01, 5, 0.0, 6, 0.0, 7, 0.0, 8, 0.0);

    private final AtomicLong clock = new AtomicLong();
    private final List<String> calls = new ArrayList<>();
    private final List<Integer> released = new ArrayList<>();

    /** Scores deterministically, records each call as "id:from->to" and spends a minute per epoch trained. */
    private final Objective objective = new Objective() {
        @Override
        public Score train(Trial trial, int fromEpochs, int toEpochs) {
            calls.add(trial.id() + ":" + fromEpochs + "->" + toEpochs);
            clock.addAndGet(MINUTE.toNanos() * (toEpochs - fromEpochs));
            double f1 = Math.min(1, QUALITY.get(trial.id()) + GAIN.get(trial.id()) * (toEpochs - 1));
            return new Score(f1, f1 / 2);
        }

        @Override
        public void release(Trial trial) {
            released.add(trial.id());
        }
    };

    @Test
    void rungsShrinkByEtaUntilOneTrialIsLeftWhileEpochsGrowByEta() {
        SuccessiveHalving three = new SuccessiveHalving(3, 1);
        assertEquals(List.of(8, 2, 1), three.rungSizes(8));
        assertEquals(List.of(27, 9, 3, 1), three.rungSizes(27));
        assertEquals(List.of(3, 1), three.rungSizes(3));
        assertEquals(List.of(1), three.rungSizes(1));
        assertEquals(List.of(1, 3, 9), List.of(three.epochsAt(0), three.epochsAt(1), three.epochsAt(2)));

        SuccessiveHalving two = new SuccessiveHalving(2, 2);
        assertEquals(List.of(5, 2, 1), two.rungSizes(5));
        assertEquals(List.of(2, 4, 8), List.of(two.epochsAt(0), two.epochsAt(1), two.epochsAt(2)));

        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(3, 0));
    }

    @Test
    void theBestThirdAdvancesAndResumesWhereItStopped() {
        List<TrialResult> rows = search(Duration.ofHours(1));

        assertEquals(List.of("1:0->1", "2:0->1", "3:0->1", "4:0->1", "5:0->1", "6:0->1", "7:0->1", "8:0->1",
            "4:1->3", "2:1->3", "2:3->9"), calls, "survivors are trained best first, from their last epoch");
        assertEquals(List.of(
            "1/0/1/stopped", "2/0/1/promoted", "3/0/1/stopped", "4/0/1/promoted", "5/0/1/stopped",
            "6/0/1/stopped", "7/0/1/stopped", "8/0/1/stopped",
            "4/1/3/stopped", "2/1/3/promoted",
            "2/2/9/final"), summary(rows), "trial 2 overtakes trial 4 at rung 1");
        assertEquals(0.80 + 0.07 * 2, rows.get(9).score().macroF1(), 1e-9);
        assertEquals(0.90 + 0.01 * 2, rows.get(8).score().macroF1(), 1e-9);
        assertEquals(List.of(1, 3, 5, 6, 7, 8, 4, 2), released, "each trial released once, after its last run");
    }

    @Test
    void noRunStartsOnceTheBudgetIsSpentAndWhatFinishedIsKept() {
        List<TrialResult> rows = search(Duration.ofMinutes(5));

        assertEquals(5, calls.size(), "five one-epoch runs spend five minutes");
        assertEquals(List.of(
            "1/0/1/budget", "2/0/1/budget", "3/0/1/budget", "4/0/1/budget", "5/0/1/budget",
            "6/0/0/budget", "7/0/0/budget", "8/0/0/budget"), summary(rows));
        assertTrue(rows.subList(0, 5).stream().allMatch(TrialResult::scored));
        assertTrue(rows.subList(5, 8).stream().noneMatch(TrialResult::scored));
        assertEquals(8, released.size(), "untrained trials are released too");
    }

    static Stream<Arguments> budgetsSpentWithinTheSearch() {
        return Stream.of(
            // Rung 0 takes 8 minutes; trial 4 (best first) trains 2 more; then 10 > 9.5 minutes are spent.
            Arguments.of("mid-rung: the survivor that got no turn is marked", Duration.ofSeconds(570), 9, List.of(
                "1/0/1/stopped", "2/0/1/budget", "3/0/1/stopped", "4/0/1/promoted", "5/0/1/stopped",
                "6/0/1/stopped", "7/0/1/stopped", "8/0/1/stopped",
                "4/1/3/budget")),
            // The would-be survivors say the budget ended them, the others lost.
            Arguments.of("exactly at a rung's end: nobody is promoted", Duration.ofMinutes(8), 8, List.of(
                "1/0/1/stopped", "2/0/1/budget", "3/0/1/stopped", "4/0/1/budget", "5/0/1/stopped",
                "6/0/1/stopped", "7/0/1/stopped", "8/0/1/stopped")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgetsSpentWithinTheSearch")
    void aBudgetSpentWithinTheSearchEndsItAndSaysWhomItEnded(String scenario, Duration budget, int runs,
                                                          List<String> expected) {
        List<TrialResult> rows = search(budget);

        assertEquals(runs, calls.size());
        assertEquals(expected, summary(rows));
    }

    @Test
    void aTrialThatFailsIsDroppedAndTheSearchGoesOn() {
        Objective failingFour = (trial, from, to) -> {
            if (trial.id() == 4) {
                throw new IllegalStateException("diverged");
            }
            return objective.train(trial, from, to);
        };

        List<TrialResult> rows = new SuccessiveHalving(3, 1)
            .run(trials(8), failingFour, new Budget(Duration.ofHours(1), clock::get), row -> { });

        assertEquals(List.of(
            "1/0/1/stopped", "2/0/1/promoted", "3/0/1/stopped", "4/0/1/failed", "5/0/1/stopped",
            "6/0/1/stopped", "7/0/1/promoted", "8/0/1/stopped",
            "2/1/3/promoted", "7/1/3/stopped",
            "2/2/9/final"), summary(rows));
    }

    @Test
    void everyFinishedRunIsReportedAsItEnds() {
        List<TrialResult> heard = new ArrayList<>();
        List<TrialResult> rows = new SuccessiveHalving(3, 1)
            .run(trials(3), objective, new Budget(Duration.ofHours(1), clock::get), heard::add);

        assertEquals(4, heard.size(), "three runs at rung 0 and one at rung 1");
        assertEquals(List.of("1/0/1/stopped", "2/0/1/promoted", "3/0/1/stopped", "2/1/3/final"), summary(rows));
        assertEquals(60.0, rows.get(0).seconds(), 1e-9, "timed on the budget's clock");
        assertEquals(120.0, rows.get(3).seconds(), 1e-9);
    }

    private List<TrialResult> search(Duration budget) {
        return new SuccessiveHalving(3, 1).run(trials(8), objective, new Budget(budget, clock::get), row -> { });
    }

    private static List<Trial> trials(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(id -> new Trial(id, 1e-3, SeedCnn.DEFAULT)).toList();
    }

    /** "trial/rung/epochs/status" per row. */
    private static List<String> summary(List<TrialResult> rows) {
        return rows.stream()
            .map(r -> r.trial().id() + "/" + r.rung() + "/" + r.epochs() + "/" + r.status().code())
            .toList();
    }
}
