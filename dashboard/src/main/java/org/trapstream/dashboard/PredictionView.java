package org.trapstream.dashboard;

import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;

/**
 * What became of the most recent images, by image id: classified (the prediction) or rejected (a dead letter).
 * Bounded to the {@code capacity} most recently written outcomes; older images answer as unknown ("pending").
 *
 * <p>A prediction beats a rejection whichever arrives last: the topics are read independently, so their order
 * says nothing, and an image that was classified once stays classified even when a later copy of the same bytes
 * is dead-lettered (say, re-sent without a camera id). Written by the feed consumer, read by HTTP handlers on
 * other event loops: methods synchronise, and each holds the lock for O(1) work only.
 */
final class PredictionView {

    /** The known outcome of one image, rendered as the body of {@code GET /api/v1/predictions/{id}}. */
    sealed interface Outcome {
        JsonObject toJson();
    }

    record Classified(Prediction prediction) implements Outcome {
        @Override
        public JsonObject toJson() {
            return prediction.toJson().put("status", "classified");
        }
    }

    record Rejected(String imageId, RejectReason reason, String detail) implements Outcome {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                .put("image_id", imageId)
                .put("status", "rejected")
                .put("reason", reason.code())
                .put("detail", detail);
        }
    }

    private final RecentMap<String, Outcome> outcomes;
    private long predictionsSeen;
    private long rejectionsSeen;

    PredictionView(int capacity) {
        this.outcomes = new RecentMap<>(capacity);
    }

    synchronized void recordPrediction(Prediction prediction) {
        predictionsSeen++;
        outcomes.put(prediction.imageId(), new Classified(prediction));
    }

    synchronized void recordRejection(String imageId, RejectReason reason, String detail) {
        rejectionsSeen++;
        if (!(outcomes.get(imageId) instanceof Classified)) {
            outcomes.put(imageId, new Rejected(imageId, reason, detail));
        }
    }

    synchronized Optional<Outcome> lookup(String imageId) {
        return Optional.ofNullable(outcomes.get(imageId));
    }

    /** The image's prediction, when it was classified. */
    synchronized Optional<Prediction> prediction(String imageId) {
        return outcomes.get(imageId) instanceof Classified classified ? Optional.of(classified.prediction())
            : Optional.empty();
    }

    synchronized int size() {
        return outcomes.size();
    }

    /** Prediction records read since start, duplicates included. */
    synchronized long predictionsSeen() {
        return predictionsSeen;
    }

    /** Dead letters read since start, duplicates included. */
    synchronized long rejectionsSeen() {
        return rejectionsSeen;
    }
}
