package org.trapstream.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.review.TopTwo;

/**
 * Decides whether a prediction also goes to human review, and why: the model is unsure (top-1 confidence
 * below {@code minConfidence}), torn between two labels (top-1 beats the runner-up by less than
 * {@code minMargin}), the image lies outside what the model was trained on (its out-of-distribution detector
 * flags it: a confident label on such an image means nothing), the image is one of a new camera's first
 * ({@link NewCameras}), or, when nothing else applies, the prediction is drawn as a random quality sample at
 * {@code sampleRate} so that confident mistakes get seen too. {@code uniform} draws from [0, 1); tests pass a seeded
 * source.
 */
record ReviewPolicy(double minConfidence, double minMargin, double sampleRate, DoubleSupplier uniform) {

    /** The policy the classifier's review keys describe, drawing its quality samples at random. */
    static ReviewPolicy from(TrapstreamConfig config) {
        return new ReviewPolicy(config.getDouble(ClassifierConfig.REVIEW_MIN_CONFIDENCE),
            config.getDouble(ClassifierConfig.REVIEW_MIN_MARGIN), config.getDouble(ClassifierConfig.REVIEW_SAMPLE_RATE),
            () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param probabilities     one per label, summing to 1, in any order
     * @param outOfDistribution whether the model's out-of-distribution detector flags the image
     * @param newCamera         whether the image is one of the first of a camera the model was not trained on
     */
    Prediction.Review decide(float[] probabilities, boolean outOfDistribution, boolean newCamera) {
        TopTwo top = TopTwo.of(probabilities);
        List<String> reasons = new ArrayList<>(4);
        if (top.first() < minConfidence) {
            reasons.add(Prediction.Review.LOW_CONFIDENCE);
        }
        if (top.margin() < minMargin) {
            reasons.add(Prediction.Review.LOW_MARGIN);
        }
        if (outOfDistribution) {
            reasons.add(Prediction.Review.OUT_OF_DISTRIBUTION);
        }
        if (newCamera) {
            reasons.add(Prediction.Review.NEW_CAMERA);
        }
        if (reasons.isEmpty() && uniform.getAsDouble() < sampleRate) {
            reasons.add(Prediction.Review.QA_SAMPLE);
        }
        return reasons.isEmpty() ? Prediction.Review.none() : new Prediction.Review(true, List.copyOf(reasons));
    }
}
