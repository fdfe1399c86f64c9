package org.trapstream.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

class ReviewQueueTest {

    private final ReviewQueue queue = new ReviewQueue(10, 10);

    private static Prediction item(String imageId) {
        return prediction(imageId, List.of(new Prediction.LabelScore("moonrat", 0.41), new Prediction.LabelScore("civet", 0.39)),
            List.of(Prediction.Review.LOW_CONFIDENCE));
    }

    /** The model's confident answer: a prediction that is not routed to review. */
    private static Prediction confident(String imageId) {
        return prediction(imageId, List.of(new Prediction.LabelScore("civet", 0.93)), List.of());
    }

    private static Prediction waitingForModel(String imageId) {
        return Prediction.awaitingModel(imageId, "cam-north-03", null, Instant.now());
    }

    private static List<String> ids(List<Prediction> predictions) {
        return predictions.stream().map(Prediction::imageId).toList();
    }

    /** Opens an item for each of {@code count} new images; returns their ids, newest first. */
    private static List<String> openNewItems(ReviewQueue queue, int count) {
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String imageId = unknownImageId();
            queue.open(item(imageId));
            opened.add(0, imageId);
        }
        return opened;
    }

    @Test
    void listsOpenItemsNewestFirstUpToTheLimit() {
        List<String> newestFirst = openNewItems(queue, 3);

        assertEquals(newestFirst, ids(queue.newest(10)));
        assertEquals(newestFirst.subList(0, 2), ids(queue.newest(2)));
    }

    @Test
    void aRepeatedItemMovesToTheTopInsteadOfAppearingTwice() {
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
        ReviewQueue small = new ReviewQueue(2, 10);
        List<String> newestFirst = openNewItems(small, 3);
        String newest = newestFirst.get(0);
        String middle = newestFirst.get(1);

        assertEquals(List.of(newest, middle), ids(small.newest(10)));
        small.labelled(middle);
        assertEquals(List.of(newest), ids(small.newest(10)), "closing after an eviction must not disturb the rest");
    }

    @Test
    void aRetractedLabelReopensTheItemItClosed() {
        String imageId = unknownImageId();
        queue.open(item(imageId));
        queue.labelled(imageId);
        queue.labelled(imageId);
        assertTrue(queue.item(imageId).isEmpty());

        queue.retracted(imageId);
        assertEquals(imageId, queue.item(imageId).orElseThrow().imageId(), "open again, with its prediction");
        String neverOpen = unknownImageId();
        queue.labelled(neverOpen);
        queue.retracted(neverOpen);
        assertTrue(queue.item(neverOpen).isEmpty(), "nothing to reopen for an image that had no item");
        queue.open(item(neverOpen));
        assertTrue(queue.item(neverOpen).isPresent(), "no longer labelled: its next review item opens");
    }

    @Test
    void feedbackClosesAnOpenItemAndKeepsALateOneClosed() {
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
        String waiting = unknownImageId();
        String newer = unknownImageId();
        queue.open(waitingForModel(waiting));
        queue.open(waitingForModel(newer));
        Prediction guess = confident(waiting);
        queue.predicted(guess);

        assertEquals(List.of(newer, waiting), ids(queue.newest(10)), "in its place");
        assertEquals(guess, queue.newest(10).get(1), "showing the guess, even one not routed to review");
        queue.open(waitingForModel(waiting));
        assertEquals(guess, queue.newest(10).get(1), "an item without a label, read late, does not hide the guess");
    }

    @Test
    void aPredictionOpensNothingAndLeavesRoutedItemsAndLabelledImagesAlone() {
        String routed = unknownImageId();
        String labelled = unknownImageId();
        queue.open(item(routed));
        queue.open(waitingForModel(labelled));
        queue.labelled(labelled);

        queue.predicted(confident(routed));
        queue.predicted(confident(labelled));
        queue.predicted(confident(unknownImageId()));

        assertEquals("moonrat", queue.newest(10).get(0).label(), "a routed item, the model's own review copy, stays");
        assertEquals(List.of(routed), ids(queue.newest(10)), "the labelled item stays closed, nothing else opens");
    }

    @Test
    void byValueAnImageWaitingForAModelThenTheUnfamiliarThenTheUncertainComeFirst() {
        String sure = unknownImageId();
        String unsure = unknownImageId();
        String unfamiliar = unknownImageId();
        String waiting = unknownImageId();
        queue.open(prediction(sure, List.of(new Prediction.LabelScore("civet", 0.97), new Prediction.LabelScore("moonrat", 0.02)),
            List.of(Prediction.Review.QA_SAMPLE)));
        queue.open(item(unsure));
        queue.open(prediction(unfamiliar, List.of(new Prediction.LabelScore("civet", 0.99)),
            List.of(Prediction.Review.NEW_CAMERA)));
        queue.open(waitingForModel(waiting));

        Predicate<Prediction> all = item -> true;
        assertEquals(List.of(waiting, unfamiliar, unsure, sure), ids(queue.items(ReviewQueue.Order.VALUE, all, 10)));
        assertEquals(List.of(sure, unsure, unfamiliar, waiting), ids(queue.items(ReviewQueue.Order.OLDEST, all, 10)));
        assertEquals(List.of(waiting, unfamiliar), ids(queue.items(ReviewQueue.Order.NEWEST, all, 2)));
    }
}
