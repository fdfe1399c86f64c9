package org.trapstream.classifier;

import java.time.Instant;
import java.util.List;

import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.serving.TopK;

/**
 * Turns the model's probabilities for an image into its {@link Prediction}: top-k labels, the out-of-distribution
 * score, whether the frame is empty, the review decision, the model version and the timings.
 *
 * <p>Timings, in milliseconds, all measured on this classifier's monotonic clock from the moment the record
 * was consumed: {@code queue} is the time spent waiting (for a decode thread, then for batch company and a free
 * inference thread), {@code decode} and {@code inference} the work (inference is the whole batch's time), and
 * {@code total} runs from consumption to the prediction being handed to the producer. Time the image spent in
 * Kafka before that is not in {@code total} (clocks of other machines would be involved); the
 * {@code camtrap.classifier.end.to.end} timer covers it, from ingest's {@code received_at}.
 */
record PredictionBuilder(int topK, ReviewPolicy reviewPolicy, EmptyFrames emptyFrames, NewCameras newCameras) {

    private static final double NANOS_PER_MS = 1e6;

    Prediction build(ImageRecord image, Scores scores, long consumedNanos) {
        PreparedImage prepared = scores.image();
        List<Prediction.LabelScore> top = TopK.of(scores.probabilities(), scores.model().labels(), topK);
        Prediction.Timings timings = new Prediction.Timings(
            ms(prepared.decodeWaitNanos() + scores.batchWaitNanos()),
            ms(prepared.decodeNanos()),
            ms(scores.inferenceNanos()),
            ms(System.nanoTime() - consumedNanos));
        Prediction.Review review = reviewPolicy.decide(scores.probabilities(), scores.outOfDistribution(),
            newCameras.review(image.cameraId(), scores.model()));
        return new Prediction(image.imageId(), image.cameraId(), image.capturedAt(), scores.model().version(),
            top.get(0).label(), top.get(0).confidence(), top, scores.oodScore(), scores.outOfDistribution(),
            emptyFrames.isEmpty(scores.probabilities(), scores.model().labels()), review,
            timings, Instant.now());
    }

    private static double ms(long nanos) {
        return nanos / NANOS_PER_MS;
    }
}
