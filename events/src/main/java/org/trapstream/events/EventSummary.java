package org.trapstream.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Prediction.LabelScore;

/**
 * Turns a closed sequence of predictions into its {@link CaptureEvent}: the label and confidence are the mean of the
 * frames' calibrated probabilities per label.
 *
 * <p>Why the mean of probabilities: the frames of a burst show the same scene, so each is a noisy look at one
 * answer, and the mean is the probability a frame picked at random gives each label. Unlike a majority vote it keeps
 * how sure each frame was (two unsure frames do not outvote one clear one), and unlike a sum of log-probabilities
 * (the product of the frames' answers) one frame where the animal is out of view or blurred, which gives the right
 * label a probability near zero, cannot veto it. Predictions carry probabilities, not logits, so the mean is taken
 * of what is there. A label below a frame's {@code top_k} counts 0 for that frame: its true probability is at most
 * the frame's smallest listed one, so the event's probabilities are lower bounds and the ranking of the labels every
 * frame lists is exact.
 */
public final class EventSummary {

    private EventSummary() {
    }

    /** The event of one camera's sequence; {@code count} stays null while the model gives no count. */
    public static CaptureEvent of(SequenceGrouper.Sequence<Prediction> sequence) {
        List<Prediction> predictions = sequence.frames().stream().map(SequenceGrouper.Frame::item).toList();
        List<LabelScore> mean = meanProbabilities(predictions);
        List<CaptureEvent.Frame> frames = sequence.frames().stream()
            .map(frame -> new CaptureEvent.Frame(frame.imageId(), frame.capturedAt())).toList();
        int topK = predictions.stream().mapToInt(p -> p.topK().size()).max().orElse(0);
        LabelScore top = mean.isEmpty() ? null : mean.get(0);
        return new CaptureEvent(CaptureEvent.idOf(sequence.cameraId(), frames.get(0).imageId()), sequence.cameraId(),
            frames, top == null ? null : top.label(), top == null ? 0.0 : top.confidence(),
            mean.subList(0, Math.min(topK, mean.size())), null, sequence.closedBy());
    }

    /** Every label the frames list, with its mean probability over all frames, highest first (ties by label). */
    public static List<LabelScore> meanProbabilities(List<Prediction> frames) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Prediction frame : frames) {
            for (LabelScore score : frame.topK()) {
                sums.merge(score.label(), score.confidence(), Double::sum);
            }
        }
        List<LabelScore> mean = new ArrayList<>(sums.size());
        sums.forEach((label, sum) -> mean.add(new LabelScore(label, sum / frames.size())));
        mean.sort(Comparator.comparingDouble(LabelScore::confidence).reversed().thenComparing(LabelScore::label));
        return mean;
    }
}
