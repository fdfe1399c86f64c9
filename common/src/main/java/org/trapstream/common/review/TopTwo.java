package org.trapstream.common.review;

/**
 * The largest and the second largest probability of a prediction, in one pass: what review routing and the
 * review queue's worth read (the top-1 confidence, and the margin to the runner-up).
 *
 * @param second 0 for a single-class row
 */
public record TopTwo(double first, double second) {

    public static TopTwo of(float[] probabilities) {
        double first = 0;
        double second = 0;
        for (float p : probabilities) {
            if (p > first) {
                second = first;
                first = p;
            } else if (p > second) {
                second = p;
            }
        }
        return new TopTwo(first, second);
    }

    /** How far the top label leads the runner-up. */
    public double margin() {
        return first - second;
    }
}
