package org.trapstream.model.train;

import java.util.List;

import io.vertx.core.json.JsonObject;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Misclassified;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.eval.Scoring;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.OodDetector;

import static org.trapstream.model.eval.JsonScores.finiteOrNull;

/**
 * A fitted network, calibrated and evaluated, before the registry sees it: what every training path (a
 * {@code train} run, the bootstrap model, the trainer's retraining and a head on an imported backbone) ends with,
 * recorded in the version's metadata the same way.
 *
 * @param fit                     how it was fitted (history, the kept epoch and its validation scores)
 * @param calibration             its temperature, fitted on validation, and its calibration error on evaluation
 * @param evaluation              its top-1 scores on the evaluation images
 * @param evaluationProbabilities its softmax rows on the evaluation images at temperature 1, in their order
 * @param ood                     its out-of-distribution detector, fitted on the validation images
 * @param misclassified           its most confident mistakes on the evaluation images
 */
public record Candidate(FitResult fit, Calibration calibration, EvaluationSummary evaluation,
                        float[][] evaluationProbabilities, OodDetector ood, List<Misclassified> misclassified) {

    /**
     * Calibrates and evaluates a fitted network from its softmax rows (temperature 1), and fits its
     * out-of-distribution threshold on the validation rows ({@link OutOfDistribution#fitDefault}).
     *
     * @param labels           the network's outputs in order
     * @param validation       rows of the validation images; {@code validationLabels} their true labels
     * @param evaluation       rows of the evaluation images; {@code evaluationLabels} their true labels, which may
     *                         name classes the network does not know (they count as errors), and
     *                         {@code evaluationSources} where each came from ({@link Misclassified#source})
     */
    public static Candidate evaluate(FitResult fit, List<String> labels, float[][] validation,
                                     List<String> validationLabels, float[][] evaluation,
                                     List<String> evaluationLabels, List<String> evaluationSources) {
        Calibration calibration = Calibration.measure(validation, Scoring.truth(labels, validationLabels), evaluation,
            Scoring.truth(labels, evaluationLabels));
        EvaluationSummary scores = Scoring.score(labels, evaluationLabels, evaluation).summary();
        return new Candidate(fit, calibration, scores, evaluation, OutOfDistribution.fitDefault(validation),
            Misclassified.mostConfident(labels, evaluationLabels, evaluation, evaluationSources,
                calibration.temperature()));
    }

    /**
     * This candidate with another out-of-distribution detector: the Mahalanobis one where the network gives features
     * ({@link OutOfDistribution#fitOnFeatures}). Save it with {@code contents.servedWith(candidate.ood())}.
     */
    public Candidate withOod(OodDetector detector) {
        return new Candidate(fit, calibration, evaluation, evaluationProbabilities, detector, misclassified);
    }

    /**
     * The scores, the kept epoch's validation scores, the calibration, the OOD detector and the most confident
     * mistakes, as {@code metadata.json} keeps them.
     */
    public JsonObject metrics() {
        return evaluation.toJson()
            .put("best_epoch", fit.bestEpoch())
            .put("val_loss", finiteOrNull(fit.bestValidationLoss()))
            .put("val_accuracy", finiteOrNull(fit.bestValidationAccuracy()))
            .put(Calibration.METRICS_KEY, calibration.toJson())
            .put(OodDetector.METRICS_KEY, ood.toJson())
            .put(Misclassified.METRICS_KEY, Misclassified.toJson(misclassified));
    }

    /**
     * {@code draft} with this candidate's training record and calibrated temperature.
     *
     * @param metrics {@link #metrics()}, perhaps with what the caller adds (a promotion gate's decision)
     */
    public ModelMetadata describe(ModelMetadata draft, String parentVersion, JsonObject metrics, JsonObject data,
                                  JsonObject timings) {
        return draft.withTraining(parentVersion, metrics, fit.history(), data, timings)
            .withTemperature(calibration.temperature());
    }
}
