package org.trapstream.classifier;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ReviewPolicyTest {

    private static final double NEVER = 1.0;

    @Test
    void aConfidentClearPredictionIsNotReviewed() {
        ReviewPolicy policy = new ReviewPolicy(0.6, 0.15, 0.0, () -> 0.0);
        Prediction.Review review = policy.decide(new float[] {0.05f, 0.9f, 0.05f}, false, false);
        assertFalse(review.routed());
        assertEquals(List.of(), review.reasons());
    }

    @Test
    void lowConfidenceAndLowMarginAreBothRecorded() {
        ReviewPolicy policy = new ReviewPolicy(0.6, 0.15, 0.0, () -> NEVER);
        assertEquals(new Prediction.Review(true, List.of(Prediction.Review.LOW_CONFIDENCE, Prediction.Review.LOW_MARGIN)),
            policy.decide(new float[] {0.45f, 0.1f, 0.45f}, false, false));
        assertEquals(new Prediction.Review(true, List.of(Prediction.Review.LOW_CONFIDENCE)),
            policy.decide(new float[] {0.5f, 0.2f, 0.3f}, false, false));
        ReviewPolicy lenient = new ReviewPolicy(0.4, 0.15, 0.0, () -> NEVER);
        assertEquals(new Prediction.Review(true, List.of(Prediction.Review.LOW_MARGIN)),
            lenient.decide(new float[] {0.15f, 0.4f, 0.45f}, false, false),
            "0.45 clears the 0.4 bar but leads 0.4 by only 0.05");
    }

    @Test
    void onlyConfidentPredictionsAreSampledAtTheConfiguredRate() {
        Random random = new Random(7);
        ReviewPolicy policy = new ReviewPolicy(0.6, 0.15, 0.1, random::nextDouble);
        int sampled = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            Prediction.Review review = policy.decide(new float[] {0.95f, 0.05f}, false, false);
            if (review.routed()) {
                assertEquals(List.of(Prediction.Review.QA_SAMPLE), review.reasons());
                sampled++;
            }
        }
        assertEquals(0.1, sampled / (double) draws, 0.01);

        Prediction.Review unsure = new ReviewPolicy(0.6, 0.15, 1.0, () -> 0.0)
            .decide(new float[] {0.5f, 0.5f}, false, false);
        assertFalse(unsure.reasons().contains(Prediction.Review.QA_SAMPLE), "already routed for a reason");
    }

    @Test
    void aConfidentLabelOnAnOutOfDistributionImageOrANewCameraStillGoesToReview() {
        ReviewPolicy policy = new ReviewPolicy(0.6, 0.15, 0.0, () -> NEVER);
        assertEquals(List.of(Prediction.Review.OUT_OF_DISTRIBUTION),
            policy.decide(new float[] {0.9999994f, 0.0000006f}, true, false).reasons());
        assertEquals(List.of(Prediction.Review.OUT_OF_DISTRIBUTION, Prediction.Review.NEW_CAMERA),
            policy.decide(new float[] {0.99f, 0.01f}, true, true).reasons());
    }

    @Test
    void aSingleLabelModelHasNoRunnerUp() {
        ReviewPolicy policy = new ReviewPolicy(0.6, 0.15, 0.0, () -> NEVER);
        assertFalse(policy.decide(new float[] {1.0f}, false, false).routed());
    }
}
