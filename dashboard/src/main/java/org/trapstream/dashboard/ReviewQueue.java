package org.trapstream.dashboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.trapstream.common.contract.Prediction;
import org.trapstream.common.review.ReviewValue;

/**
 * The open review items: predictions routed to human review whose image has no label yet, listed most valuable
 * first ({@link ReviewValue}: uncertainty, novelty and a spread over cameras and labels), or newest or oldest first.
 * Bounded: beyond {@code capacity} the oldest open item leaves the list (it stays on the review topic).
 *
 * <p>An item closes when feedback for its image is seen. Review and feedback are separate topics read in no
 * particular order (at start-up both are replayed from the beginning), so labelled image ids are remembered:
 * a review item that arrives after its feedback, or again for an image already labelled, does not reopen.
 * A retracted label ({@link #retracted}) reopens the item it closed, which is remembered with the image id.
 *
 * <p>During a cold start the items carry no label ({@link Prediction#awaitsModel}): they ask for the labels the
 * first model is trained from. Once a model has classified such an image, its prediction takes the item's place,
 * routed to review or not, so the labeler sees the model's guess; the item stays open until labelled. An item
 * without a label never replaces one with a guess, whatever order the topics are read in.
 * Methods synchronise: the feed consumer writes while HTTP handlers on other event loops read.
 */
final class ReviewQueue {

    private final int capacity;
    /** Open items by arrival number, so "newest first" is a walk down the tree and eviction takes its head. */
    private final TreeMap<Long, Prediction> openByArrival = new TreeMap<>();
    private final Map<String, Long> arrivalById = new HashMap<>();
    /** Labelled image ids, each with the item its label closed (null when it had none open). */
    private final RecentMap<String, Prediction> labelled;
    private long arrivals;

    /**
     * @param capacity         open items kept
     * @param labelledCapacity labelled image ids remembered to keep their late review items closed
     */
    ReviewQueue(int capacity, int labelledCapacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.labelled = new RecentMap<>(labelledCapacity);
    }

    /** Opens (or refreshes, as the newest) the review item of an image that has no label yet. */
    synchronized void open(Prediction prediction) {
        String imageId = prediction.imageId();
        if (labelled.containsKey(imageId) || prediction.awaitsModel() && openWithGuess(imageId)) {
            return;
        }
        removeOpen(imageId);
        long arrival = arrivals++;
        openByArrival.put(arrival, prediction);
        arrivalById.put(imageId, arrival);
        if (openByArrival.size() > capacity) {
            arrivalById.remove(openByArrival.pollFirstEntry().getValue().imageId());
        }
    }

    /** A model's prediction for an image: an open item that waited for a model shows it from now on, in place. */
    synchronized void predicted(Prediction prediction) {
        Long arrival = arrivalById.get(prediction.imageId());
        if (arrival != null && openByArrival.get(arrival).awaitsModel()) {
            openByArrival.put(arrival, prediction);
        }
    }

    /** Closes the item of a labelled image, now or when it arrives. */
    synchronized void labelled(String imageId) {
        Long arrival = arrivalById.get(imageId);
        Prediction closed = arrival == null ? labelled.get(imageId) : openByArrival.get(arrival);
        labelled.put(imageId, closed);
        removeOpen(imageId);
    }

    /** An image's label was taken back: the item it closed is open again, as the newest. */
    synchronized void retracted(String imageId) {
        Prediction closed = labelled.remove(imageId);
        if (closed != null) {
            open(closed);
        }
    }

    /** The order a labeler meets the open items in. */
    enum Order {
        /** Most valuable to the next model first ({@link ReviewValue}); the default. */
        VALUE,
        NEWEST,
        OLDEST
    }

    /** The first {@code limit} open items in {@code order} among those {@code shown} accepts. */
    List<Prediction> items(Order order, Predicate<Prediction> shown, int limit) {
        return switch (order) {
            case NEWEST -> newest(shown, limit);
            case OLDEST -> oldest(shown, limit);
            case VALUE -> mostValuable(shown, limit);
        };
    }

    synchronized List<Prediction> newest(int limit) {
        return newest(item -> true, limit);
    }

    private synchronized List<Prediction> newest(Predicate<Prediction> shown, int limit) {
        return openByArrival.descendingMap().values().stream().filter(shown).limit(limit).toList();
    }

    private synchronized List<Prediction> oldest(Predicate<Prediction> shown, int limit) {
        return openByArrival.values().stream().filter(shown).limit(limit).toList();
    }

    /** Scored outside the lock: copying the open items is all the feed consumer waits for. */
    private List<Prediction> mostValuable(Predicate<Prediction> shown, int limit) {
        List<ReviewValue.Candidate<Prediction>> candidates = newest(shown, Integer.MAX_VALUE).stream()
            .map(item -> new ReviewValue.Candidate<>(item, worth(item), item.cameraId() + "/" + item.label()))
            .toList();
        return ReviewValue.mostValuableFirst(candidates, limit);
    }

    static double worth(Prediction item) {
        if (item.awaitsModel()) {
            return ReviewValue.NO_MODEL;
        }
        List<Prediction.LabelScore> topK = item.topK();
        double first = topK.isEmpty() ? item.confidence() : topK.get(0).confidence();
        double second = topK.size() < 2 ? 0 : topK.get(1).confidence();
        boolean novel = item.outOfDistribution() || item.review().reasons().contains(Prediction.Review.NEW_CAMERA);
        return ReviewValue.worth(first, second, novel);
    }

    /** The open item of an image, if it has one. */
    synchronized Optional<Prediction> item(String imageId) {
        Long arrival = arrivalById.get(imageId);
        return arrival == null ? Optional.empty() : Optional.of(openByArrival.get(arrival));
    }

    synchronized int openCount() {
        return openByArrival.size();
    }

    private boolean openWithGuess(String imageId) {
        Long arrival = arrivalById.get(imageId);
        return arrival != null && !openByArrival.get(arrival).awaitsModel();
    }

    private void removeOpen(String imageId) {
        Long arrival = arrivalById.remove(imageId);
        if (arrival != null) {
            openByArrival.remove(arrival);
        }
    }
}
