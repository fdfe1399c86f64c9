package org.trapstream.model.eval;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.trapstream.model.eval.JsonScores.finiteOrNull;

/**
 * A candidate's calibration, measured the same way on every training path: a softmax temperature fitted on the
 * validation images ({@link TemperatureScaling}), then the expected calibration error and the reliability diagram
 * on the evaluation images, before and after it. The evaluation images never take part in the fit, so the "after"
 * figures are honest.
 *
 * @param fit        the temperature and the validation likelihood before and after it
 * @param bins       equal-width confidence bins of the error and the diagram
 * @param evaluation images the error was measured on
 */
public record Calibration(TemperatureScaling.Fit fit, int bins, int evaluation, double eceBefore, double eceAfter,
                          List<ReliabilityBin> before, List<ReliabilityBin> after) {

    /** Key of the calibration object in a version's {@code metrics}. */
    public static final String METRICS_KEY = "calibration";

    public Calibration {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    /**
     * @param validation      softmax rows of the validation images, at temperature 1
     * @param validationTruth each validation image's class index in the rows
     * @param evaluation      softmax rows of the evaluation images, at temperature 1
     * @param evaluationTruth each evaluation image's class index, -1 for a class the model does not know
     */
    public static Calibration measure(float[][] validation, int[] validationTruth, float[][] evaluation,
                                      int[] evaluationTruth) {
        TemperatureScaling.Fit fit = TemperatureScaling.fit(validation, validationTruth);
        int bins = TemperatureScaling.ECE_BINS;
        return new Calibration(fit, bins, evaluation.length,
            TemperatureScaling.expectedCalibrationError(evaluation, evaluationTruth, 1, bins),
            TemperatureScaling.expectedCalibrationError(evaluation, evaluationTruth, fit.temperature(), bins),
            TemperatureScaling.reliability(evaluation, evaluationTruth, 1, bins),
            TemperatureScaling.reliability(evaluation, evaluationTruth, fit.temperature(), bins));
    }

    public double temperature() {
        return fit.temperature();
    }

    /** {@code metrics.calibration} of a version's metadata; errors are null without evaluation images. */
    public JsonObject toJson() {
        return fit.toJson()
            .put("bins", bins)
            .put("evaluation_images", evaluation)
            .put("ece_before", finiteOrNull(eceBefore))
            .put("ece_after", finiteOrNull(eceAfter))
            .put("reliability", new JsonObject()
                .put("before", new JsonArray(before.stream().map(ReliabilityBin::toJson).toList()))
                .put("after", new JsonArray(after.stream().map(ReliabilityBin::toJson).toList())));
    }

    /** The reliability bins stored under {@code metrics.calibration.reliability.<which>}; empty when absent. */
    public static List<ReliabilityBin> reliabilityOf(JsonObject metrics, String which) {
        JsonObject calibration = metrics.getJsonObject(METRICS_KEY, new JsonObject());
        JsonArray bins = calibration.getJsonObject("reliability", new JsonObject()).getJsonArray(which, new JsonArray());
        return bins.stream().map(JsonObject.class::cast).map(ReliabilityBin::fromJson).toList();
    }
}
