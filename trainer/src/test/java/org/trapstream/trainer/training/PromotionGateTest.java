package org.trapstream.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Evaluator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionGateTest {

    private final PromotionGate gate = new PromotionGate(0.02, 0.25, 5);

    /** A report on 10 "cat", 10 "deer", 10 "boar" images where the model gets the given number of each right. */
    private static EvaluationSummary scored(int cats, int deer, int boars) {
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        add(truth, predicted, "cat", cats, "deer");
        add(truth, predicted, "deer", deer, "boar");
        add(truth, predicted, "boar", boars, "cat");
        return report(truth, predicted);
    }

    private static EvaluationSummary report(List<String> truth, List<String> predicted) {
        Evaluator evaluator = new Evaluator(List.of());
        for (int i = 0; i < truth.size(); i++) {
            evaluator.add(truth.get(i), predicted.get(i));
        }
        return evaluator.summary();
    }

    private static void add(List<String> truth, List<String> predicted, String label, int right, String wrongGuess) {
        for (int i = 0; i < 10; i++) {
            truth.add(label);
            predicted.add(i < right ? label : wrongGuess);
        }
    }

    @Test
    void promotesABetterCandidate() {
        GateDecision decision = gate.decide(scored(9, 9, 8), Optional.of(scored(7, 7, 7)));
        assertTrue(decision.promote(), decision.reason());
    }

    @Test
    void promotesASlightlyWorseCandidateOnlyWithinTheTolerance() {
        EvaluationSummary current = scored(8, 8, 8);
        EvaluationSummary candidate = scored(8, 8, 7);
        double loss = current.macroF1() - candidate.macroF1();
        assertTrue(loss > 0);
        assertTrue(new PromotionGate(loss + 0.001, 0.25, 5).decide(candidate, Optional.of(current)).promote());
        assertFalse(new PromotionGate(loss - 0.001, 0.25, 5).decide(candidate, Optional.of(current)).promote());
    }

    @Test
    void rejectsAWorseCandidateAndSaysWhy() {
        GateDecision decision = gate.decide(scored(6, 6, 6), Optional.of(scored(8, 8, 8)));
        assertFalse(decision.promote());
        assertTrue(decision.reason().contains("macro-F1"), decision.reason());
    }

    @Test
    void rejectsABetterAverageThatHidesACollapsedClass() {
        EvaluationSummary current = scored(6, 6, 9);
        EvaluationSummary candidate = scored(10, 10, 5);
        assertTrue(candidate.macroF1() >= current.macroF1(), "the average alone would promote");
        GateDecision decision = gate.decide(candidate, Optional.of(current));
        assertFalse(decision.promote());
        assertTrue(decision.reason().contains("'boar'"), decision.reason());
    }

    @Test
    void ignoresRecallDropsOfClassesWithTooFewEvaluationImages() {
        List<String> truth = new ArrayList<>(List.of("rare", "rare", "rare"));
        List<String> before = new ArrayList<>(List.of("rare", "rare", "rare"));
        List<String> after = new ArrayList<>(List.of("cat", "cat", "cat"));
        for (int i = 0; i < 40; i++) {
            truth.add("cat");
            before.add(i < 30 ? "cat" : "rare");
            after.add("cat");
        }
        EvaluationSummary current = report(truth, before);
        EvaluationSummary candidate = report(truth, after);
        // A generous tolerance, so only the recall rule is under test.
        GateDecision fewImages = new PromotionGate(1.0, 0.25, 5).decide(candidate, Optional.of(current));
        assertTrue(fewImages.promote(), fewImages.reason());
        assertFalse(new PromotionGate(1.0, 0.25, 3).decide(candidate, Optional.of(current)).promote(),
            "with 3 images enough, the rare class's collapse blocks the promotion");
    }

    @Test
    void aFirstModelMustBeatChance() {
        assertTrue(gate.decide(scored(7, 6, 6), Optional.empty()).promote());
        GateDecision guessing = gate.decide(scored(10, 0, 0), Optional.empty());
        assertFalse(guessing.promote(), guessing.reason());
        assertTrue(guessing.reason().contains("chance"), guessing.reason());
    }

    @Test
    void noEvaluationImagesNoPromotion() {
        assertFalse(gate.decide(new Evaluator(List.of("cat")).summary(), Optional.empty()).promote());
    }
}
