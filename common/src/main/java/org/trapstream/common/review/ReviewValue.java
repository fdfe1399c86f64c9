package org.trapstream.common.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * What a person's label on an image is worth to the next model, so the review queue shows the most useful
 * images first rather than the newest. Three signals, mixed:
 * <ul>
 *   <li><b>uncertainty</b>: one minus the margin between the top two probabilities (0 for a sure prediction,
 *       1 for a tie), the classic active-learning choice;</li>
 *   <li><b>novelty</b>: the image lies outside what the model was trained on (its out-of-distribution flag), or
 *       comes from a camera it never saw; uncertainty misses these, since a model is often sure of what it never
 *       saw, and a label there teaches what no in-distribution image can;</li>
 *   <li><b>diversity</b>: among items of equal worth, the queue spreads over cameras and predicted labels, so a
 *       burst of fifty near-identical frames from one camera does not fill a labeler's hour: each item already
 *       chosen from the same camera and predicted label divides the worth of the next by one more.</li>
 * </ul>
 * An item that waits for the first model is worth the most: nothing can be classified until it is labelled.
 * The same order serves the dashboard's queue and the learning-curve benchmark that measures it.
 */
public final class ReviewValue {

    /** Worth of an image seen while no model serves. */
    public static final double NO_MODEL = 2.0;
    /** What novelty adds to the uncertainty term. */
    static final double NOVELTY = 1.0;

    /** One candidate: what it is, what it is worth alone, and the group (camera, predicted label) it spreads over. */
    public record Candidate<T>(T item, double worth, String group) {}

    private ReviewValue() {
    }

    /**
     * An image's worth alone: uncertainty from the top two probabilities ({@code second} 0 when there is one), plus
     * {@link #NOVELTY} when it is out of distribution or from a new camera. From 0 to 2.
     */
    public static double worth(double first, double second, boolean novel) {
        double margin = Math.max(0, Math.min(1, first - second));
        return (1 - margin) + (novel ? NOVELTY : 0);
    }

    /**
     * The {@code limit} most valuable candidates, most valuable first, each one's worth divided by one more than
     * the number already chosen from its group. Ties keep the candidates' order. Lazy greedy: a candidate's
     * discounted worth only falls as others are chosen, so one whose recomputed worth still tops the heap is the
     * best; O(n log n) rather than O(n * limit).
     */
    public static <T> List<T> mostValuableFirst(List<Candidate<T>> candidates, int limit) {
        record Entry<T>(Candidate<T> candidate, int position, double discounted, int chosenInGroupWhenComputed) {}
        Comparator<Entry<T>> best = Comparator.<Entry<T>>comparingDouble(Entry::discounted).reversed()
            .thenComparingInt(Entry::position);
        PriorityQueue<Entry<T>> heap = new PriorityQueue<>(Math.max(1, candidates.size()), best);
        for (int i = 0; i < candidates.size(); i++) {
            heap.add(new Entry<>(candidates.get(i), i, candidates.get(i).worth(), 0));
        }
        Map<String, Integer> chosenPerGroup = new HashMap<>();
        List<T> chosen = new ArrayList<>(Math.min(limit, candidates.size()));
        while (chosen.size() < limit && !heap.isEmpty()) {
            Entry<T> top = heap.poll();
            int inGroup = chosenPerGroup.getOrDefault(top.candidate().group(), 0);
            if (inGroup == top.chosenInGroupWhenComputed()) {
                chosen.add(top.candidate().item());
                chosenPerGroup.merge(top.candidate().group(), 1, Integer::sum);
            } else {
                double discounted = top.candidate().worth() / (1 + inGroup);
                heap.add(new Entry<>(top.candidate(), top.position(), discounted, inGroup));
            }
        }
        return chosen;
    }
}
