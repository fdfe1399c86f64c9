package org.trapstream.dashboard;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

class PredictionViewTest {

    private static Prediction classified(String imageId) {
        return prediction(imageId, List.of(new Prediction.LabelScore("moonrat", 0.9)), List.of());
    }

    @Test
    void aPredictionReplacesARejection() {
        PredictionView view = new PredictionView(10);
        String id = unknownImageId();
        view.recordRejection(id, RejectReason.INFERENCE_FAILED, "model failed");
        view.recordPrediction(classified(id));

        assertInstanceOf(PredictionView.Classified.class, view.lookup(id).orElseThrow());
    }

    @Test
    void aLaterRejectionOfTheSameBytesDoesNotHideTheirPrediction() {
        PredictionView view = new PredictionView(10);
        String id = unknownImageId();
        view.recordPrediction(classified(id));
        view.recordRejection(id, RejectReason.MISSING_CAMERA_ID, "re-sent without a camera id");

        assertInstanceOf(PredictionView.Classified.class, view.lookup(id).orElseThrow());
        assertEquals(1, view.rejectionsSeen());
    }

    @Test
    void forgetsTheOldestOutcomesBeyondItsCapacity() {
        PredictionView view = new PredictionView(2);
        String first = unknownImageId();
        view.recordPrediction(classified(first));
        view.recordRejection(unknownImageId(), RejectReason.CORRUPT, "truncated");
        view.recordPrediction(classified(unknownImageId()));

        assertTrue(view.lookup(first).isEmpty());
        assertEquals(2, view.size());
        assertEquals(2, view.predictionsSeen());
    }
}
