package org.trapstream.trainer.training;

import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * Where a candidate's weights start. Retraining normally reuses the serving model: its features are frozen and
 * only the head is trained on the labels (fast, and a new class just widens the output layer). It trains from
 * scratch instead when no model serves, when a label the serving model knows has no images any more (its
 * output would have nothing to learn from), when the labels are now split by camera but the serving model was not
 * (its features saw the cameras now held out for evaluation), or every {@code fullEvery}th run in a row, so the
 * features also learn from the labels that arrived since they were last trained.
 *
 * @param parent the serving model to transfer from; empty when training from scratch
 */
public record StartPoint(Optional<ModelMetadata> parent, String reason) {

    /** Key in a head-trained model's architecture metadata: where its features came from. */
    static final String TRANSFER = "transfer";
    static final String HEAD_RUNS = "head_runs";
    /** Key in a trained model's data metadata: the {@link SplitAssigner.Scheme} its labels were split under. */
    static final String SPLIT_BY = "split_by";

    public static StartPoint choose(Optional<ModelMetadata> current, List<String> labels, SplitAssigner.Scheme scheme,
                                    int fullEvery) {
        if (current.isEmpty()) {
            return scratch("no model serves yet");
        }
        ModelMetadata serving = current.get();
        List<String> dropped = serving.labels().stream().filter(l -> !labels.contains(l)).toList();
        if (!dropped.isEmpty()) {
            return scratch("labels " + dropped + " of " + serving.version() + " have no images any more");
        }
        String servingScheme = serving.data().getString(SPLIT_BY, SplitAssigner.Scheme.IMAGE.code());
        if (!scheme.code().equals(servingScheme)) {
            return scratch("the labels are now split by " + scheme.code() + " and " + serving.version()
                + " was trained under a split by " + servingScheme);
        }
        int headRuns = headRuns(serving);
        if (fullEvery > 0 && headRuns + 1 >= fullEvery) {
            return scratch("every " + fullEvery + (fullEvery == 1 ? "" : "th") + " run trains from scratch ("
                + headRuns + " head-only runs since " + serving.version() + "'s features were trained)");
        }
        return new StartPoint(current, "head of " + serving.version() + " on its frozen features"
            + (labels.equals(serving.labels()) ? "" : ", output grown to " + labels.size() + " labels"));
    }

    static StartPoint scratch(String reason) {
        return new StartPoint(Optional.empty(), "from scratch: " + reason);
    }

    /** Head-only runs in a row that led to {@code model} (0 for a model trained from scratch). */
    static int headRuns(ModelMetadata model) {
        JsonObject transfer = model.architecture().getJsonObject(TRANSFER);
        return transfer == null ? 0 : transfer.getInteger(HEAD_RUNS, 0);
    }
}
