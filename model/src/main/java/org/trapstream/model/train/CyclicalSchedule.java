package org.trapstream.model.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The triangular cyclical learning rate of Smith, "Cyclical Learning Rates for Training Neural Networks" (2017):
 * the rate climbs linearly from {@code base} to {@code max} over {@code stepSize} iterations, falls back over the
 * next {@code stepSize}, and repeats. Exploring larger rates periodically lets training leave sharp minima and
 * saddle points without tuning a decay.
 *
 * <p>Immutable. DL4J stores the schedule in the network's configuration (its JSON in the model file), hence the
 * Jackson annotations, like ND4J's own schedules.
 */
public final class CyclicalSchedule implements ISchedule {

    private final double base;
    private final double max;
    private final int stepSize;

    /**
     * @param base     the lowest rate, at the start of each cycle
     * @param max      the highest rate, {@code stepSize} iterations into each cycle
     * @param stepSize iterations in half a cycle
     */
    public CyclicalSchedule(@JsonProperty("base") double base, @JsonProperty("max") double max,
                            @JsonProperty("stepSize") int stepSize) {
        if (!(base > 0) || !(max >= base) || stepSize < 1) {
            throw new IllegalArgumentException("A triangular schedule needs 0 < base <= max and a step of at least "
                + "one iteration, got base " + base + ", max " + max + ", step " + stepSize);
        }
        this.base = base;
        this.max = max;
        this.stepSize = stepSize;
    }

    /** Smith's formula: cycle = floor(1 + i / 2s), x = |i / s - 2 cycle + 1|, lr = base + (max - base) max(0, 1 - x). */
    @Override
    public double valueAt(int iteration, int epoch) {
        double cycle = Math.floor(1 + iteration / (2.0 * stepSize));
        double x = Math.abs((double) iteration / stepSize - 2 * cycle + 1);
        return base + (max - base) * Math.max(0, 1 - x);
    }

    @Override
    public ISchedule clone() {
        return this;
    }

    public double getBase() {
        return base;
    }

    public double getMax() {
        return max;
    }

    public int getStepSize() {
        return stepSize;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CyclicalSchedule that
            && base == that.base && max == that.max && stepSize == that.stepSize;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(base) * 31 * 31 + Double.hashCode(max) * 31 + stepSize;
    }

    @Override
    public String toString() {
        return "CyclicalSchedule(triangular, base " + base + ", max " + max + ", step " + stepSize + ")";
    }
}
