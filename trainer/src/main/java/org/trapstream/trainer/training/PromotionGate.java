package org.trapstream.trainer.training;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.trainer.TrainerConfig;

/**
 * Decides whether a candidate replaces the serving model. Both are scored on the same frozen evaluation
 * images; the candidate is promoted only if
 * <ul>
 *   <li>its macro-F1 is at least the current model's minus {@code tolerance} (a small tolerance lets a
 *       model trained on more, fresher labels through when it scores about the same), and</li>
 *   <li>no class with at least {@code minClassSupport} evaluation images loses more than {@code maxRecallDrop}
 *       of recall: a better average must not hide a species the new model stopped recognising. Smaller
 *       classes are too noisy to veto on a handful of images.</li>
 * </ul>
 * Without a current model (the first one) there is nothing to compare with, so the candidate must beat chance:
 * macro-F1 above 1/K for the K classes of the evaluation images. A single-class evaluation set can never pass,
 * which is intended: a one-class classifier says nothing. An empty evaluation set rejects every candidate.
 * Scores come from the model module's {@link org.trapstream.model.eval.Evaluator}, by label name, so a current
 * model that lacks a newly labelled class simply has recall 0 on it.
 */
public record PromotionGate(double tolerance, double maxRecallDrop, int minClassSupport) {

    public static PromotionGate from(TrapstreamConfig config) {
        return new PromotionGate(config.getDouble(TrainerConfig.PROMOTION_TOLERANCE),
            config.getDouble(TrainerConfig.PROMOTION_MAX_RECALL_DROP),
            config.getInt(TrainerConfig.PROMOTION_MIN_CLASS_SUPPORT));
    }

    /** @param current the serving model's report on the same images, empty when no model serves yet */
    public GateDecision decide(EvaluationSummary candidate, Optional<EvaluationSummary> current) {
        if (candidate.images() == 0) {
            return new GateDecision(false, "the frozen evaluation split has no images yet");
        }
        if (current.isEmpty()) {
            long classes = candidate.perClass().values().stream().filter(c -> c.support() > 0).count();
            double chance = 1.0 / classes;
            boolean beatsChance = candidate.macroF1() > chance;
            return new GateDecision(beatsChance, String.format(Locale.ROOT,
                "first model: macro-F1 %.3f %s chance %.3f (%d classes)", candidate.macroF1(),
                beatsChance ? "beats" : "does not beat", chance, classes));
        }
        EvaluationSummary serving = current.get();
        if (candidate.macroF1() < serving.macroF1() - tolerance) {
            return new GateDecision(false, String.format(Locale.ROOT,
                "macro-F1 %.3f is below the current model's %.3f minus tolerance %.3f",
                candidate.macroF1(), serving.macroF1(), tolerance));
        }
        Optional<String> collapse = recallCollapse(candidate, serving);
        if (collapse.isPresent()) {
            return new GateDecision(false, collapse.get());
        }
        return new GateDecision(true, String.format(Locale.ROOT,
            "macro-F1 %.3f against the current model's %.3f (tolerance %.3f), no class recall dropped by more than %.2f",
            candidate.macroF1(), serving.macroF1(), tolerance, maxRecallDrop));
    }

    private Optional<String> recallCollapse(EvaluationSummary candidate, EvaluationSummary serving) {
        for (Map.Entry<String, EvaluationSummary.ClassScores> entry : serving.perClass().entrySet()) {
            EvaluationSummary.ClassScores before = entry.getValue();
            EvaluationSummary.ClassScores after = candidate.perClass().get(entry.getKey());
            double recallAfter = after == null ? 0 : after.recall();
            if (before.support() >= minClassSupport && before.recall() - recallAfter > maxRecallDrop) {
                return Optional.of(String.format(Locale.ROOT,
                    "recall of class '%s' fell from %.3f to %.3f (more than %.2f, %d evaluation images)",
                    entry.getKey(), before.recall(), recallAfter, maxRecallDrop, before.support()));
            }
        }
        return Optional.empty();
    }
}
