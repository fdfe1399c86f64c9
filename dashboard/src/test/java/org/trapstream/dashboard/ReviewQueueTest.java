package org.trapstream.dashboard;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

class ReviewQueueTest {

    private static Prediction item(String imageId) {
        return prediction(imageId, List.of(new Prediction.LabelScore("moonrat", 0.41), new Prediction.LabelScore("civet", 0.39)),
            List.of(Prediction.Review.LOW_CONFIDENCE));
    }

    private static Prediction waitingForModel(String imageId) {
        return Prediction.awaitingModel(imageId, "cam-north-03", null, Instant.now());
    }

    private static List<String> ids(List<Prediction> predictions) {
        return predictions.stream().map(Prediction::imageId).toList();
    }

    @Test
    void listsOpenItemsNewestFirstUpToTheLimit() {
        ReviewQueue queue = new ReviewQueue(10, 10);
        String a = unknownImageId();
        String b = unknownImageId();
        String c = unknownImageId();
        queue.open(item(a));
        queue.open(item(b));
        queue.open(item(c));

        assertEquals(List.of(c, b, a), ids(queue.newest(10)));
        assertEquals(List.of(c, b), ids(queue.newest(2)));
    }

    @Test
    void aRepeatedItemMovesToTheTopInsteadOfAppearingTwice() {
        ReviewQueue queue = new ReviewQueue(10, 10);
        String a = unknownImageId();
        String b = unknownImageId();
        queue.open(item(a));
        queue.open(item(b));
        queue.open(item(a));

        assertEquals(List.of(a, b), ids(queue.newest(10)));
        assertEquals(2, queue.openCount());
    }

    @Test
    void dropsTheOldestOpenItemBeyondItsCapacity() {
        ReviewQueue queue = new ReviewQueue(2, 10);
        String a = unknownImageId();
        String b = unknownImageId();
        String c = unknownImageId();
        queue.open(item(a));
        queue.open(item(b));
        queue.open(item(c));

        assertEquals(List.of(c, b), ids(queue.newest(10)));
        queue.labelled(b);
        assertEquals(List.of(c), ids(queue.newest(10)), "closing after an eviction must not disturb the rest");
    }

    @Test
    void feedbackClosesAnOpenItemAndKeepsALateOneClosed() {
        ReviewQueue queue = new ReviewQueue(10, 10);
        String open = unknownImageId();
        String labelledFirst = unknownImageId();
        queue.open(item(open));
        queue.labelled(open);
        queue.labelled(labelledFirst);
        queue.open(item(labelledFirst));
        queue.open(item(open));

        assertEquals(List.of(), queue.newest(10));
        assertEquals(0, queue.openCount());
    }

    @Test
    void theModelsPredictionTakesThePlaceOfAnItemThatWaitedForAModel() {
        ReviewQueue queue = new ReviewQueue(10, 10);
        String waiting = unknownImageId();
        String newer = unknownImageId();
        queue.open(waitingForModel(waiting));
        queue.open(waitingForModel(newer));
        Prediction guess = prediction(waiting, List.of(new Prediction.LabelScore("civet", 0.93)), List.of());
        queue.predicted(guess);

        assertEquals(List.of(newer, waiting), ids(queue.newest(10)), "in its place");
        assertEquals(guess, queue.newest(10).get(1), "showing the guess, even one not routed to review");
        queue.open(waitingForModel(waiting));
        assertEquals(guess, queue.newest(10).get(1), "an item without a label, read late, does not hide the guess");
    }

    @Test
    void aPredictionOpensNothingAndLeavesRoutedItemsAndLabelledImagesAlone() {
        ReviewQueue queue = new ReviewQueue(10, 10);
        String routed = unknownImageId();
        String labelled = unknownImageId();
        queue.open(item(routed));
        queue.open(waitingForModel(labelled));
        queue.labelled(labelled);

        queue.predicted(prediction(routed, List.of(new Prediction.LabelScore("civet", 0.93)), List.of()));
        queue.predicted(prediction(labelled, List.of(new Prediction.LabelScore("civet", 0.93)), List.of()));
        queue.predicted(prediction(unknownImageId(), List.of(new Prediction.LabelScore("civet", 0.93)), List.of()));

        assertEquals("moonrat", queue.newest(10).get(0).label(), "a routed item, the model's own review copy, stays");
        assertEquals(List.of(routed), ids(queue.newest(10)), "the labelled item stays closed, nothing else opens");
    }
}
