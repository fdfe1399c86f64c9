package org.trapstream.model.tune;

/**
 * What the search optimises: trains a configuration for more epochs and scores it on validation data.
 * Implementations may keep each trial's network between calls, so a promoted trial resumes where it stopped.
 */
@FunctionalInterface
public interface Objective {

    /**
     * Trains {@code trial} from {@code fromEpochs} epochs (0: a fresh network) to {@code toEpochs} in all and
     * scores it.
     */
    Score train(Trial trial, int fromEpochs, int toEpochs);

    /** The search is done with {@code trial}: whatever was kept for resuming it may go. */
    default void release(Trial trial) {
    }

    /** Validation scores; the search ranks by macro-F1, then accuracy. */
    record Score(double macroF1, double accuracy) {
    }
}
