package org.trapstream.model.eval;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluatorTest {

    @Test
    void scoresAccuracyPerClassAndMacroF1() {
        Evaluator evaluator = new Evaluator(List.of("bee", "wasp"));
        add(evaluator, "bee", "bee", 3);
        add(evaluator, "bee", "wasp", 1);
        add(evaluator, "wasp", "wasp", 2);

        EvaluationSummary summary = evaluator.summary();

        assertEquals(6, summary.images());
        assertEquals(5 / 6.0, summary.accuracy(), 1e-9);
        assertEquals(new EvaluationSummary.ClassScores(1.0, 0.75, 6 / 7.0, 4), summary.perClass().get("bee"));
        assertEquals(2 / 3.0, summary.perClass().get("wasp").precision(), 1e-9);
        assertEquals(1.0, summary.perClass().get("wasp").recall(), 1e-9);
        assertEquals((6 / 7.0 + 0.8) / 2, summary.macroF1(), 1e-9);
        assertEquals(Map.of("bee", 3, "wasp", 1), summary.confusion().get("bee"));
    }

    @Test
    void aClassTheModelDoesNotKnowCountsAsWrong() {
        Evaluator evaluator = new Evaluator(List.of("bee", "wasp"));
        add(evaluator, "bee", "bee", 2);
        add(evaluator, "moth", "wasp", 2);

        EvaluationSummary summary = evaluator.summary();

        assertEquals(0.5, summary.accuracy(), 1e-9);
        assertEquals(List.of("bee", "wasp", "moth"), List.copyOf(summary.perClass().keySet()));
        assertEquals(new EvaluationSummary.ClassScores(0, 0, 0, 2), summary.perClass().get("moth"));
        assertEquals(Map.of("wasp", 2), summary.confusion().get("moth"));
        // bee F1 1, wasp (predicted, never true) F1 0, moth F1 0
        assertEquals(1 / 3.0, summary.macroF1(), 1e-9);
        assertEquals(0, summary.toJson().getJsonObject("per_class").getJsonObject("moth").getDouble("recall"));
    }

    @Test
    void anEmptyEvaluationScoresZero() {
        EvaluationSummary summary = new Evaluator(List.of("bee")).summary();

        assertEquals(0, summary.images());
        assertEquals(0, summary.accuracy());
    }

    private static void add(Evaluator evaluator, String truth, String predicted, int times) {
        for (int i = 0; i < times; i++) {
            evaluator.add(truth, predicted);
        }
    }
}
