package org.trapstream.model.eval;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * How a model scored on a labelled set.
 *
 * @param perClass  scores per label, the model's labels first, then labels it does not know
 * @param confusion true label -> predicted label -> image count (zero counts left out)
 */
public record EvaluationSummary(int images, double accuracy, double macroF1, Map<String, ClassScores> perClass,
                                Map<String, Map<String, Integer>> confusion) {

    public record ClassScores(double precision, double recall, double f1, int support) {
        JsonObject toJson() {
            return new JsonObject().put("precision", precision).put("recall", recall).put("f1", f1)
                .put("support", support);
        }
    }

    /** {@code {"images", "accuracy", "macro_f1", "per_class": {...}, "confusion": {...}}}. */
    public JsonObject toJson() {
        JsonObject classes = new JsonObject();
        perClass.forEach((label, scores) -> classes.put(label, scores.toJson()));
        JsonObject matrix = new JsonObject();
        confusion.forEach((label, row) -> matrix.put(label, new JsonObject(new LinkedHashMap<String, Object>(row))));
        return new JsonObject()
            .put("images", images)
            .put("accuracy", accuracy)
            .put("macro_f1", macroF1)
            .put("per_class", classes)
            .put("confusion", matrix);
    }
}
