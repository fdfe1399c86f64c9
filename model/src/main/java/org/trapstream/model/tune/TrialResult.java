package org.trapstream.model.tune;

import java.util.Comparator;
import java.util.Locale;

/**
 * One row of the search: a trial trained up to a rung, its validation scores and what became of it.
 *
 * @param rung    0-based rung of successive halving
 * @param epochs  epochs the trial had been trained in all when it was scored (0: never trained)
 * @param score   null when the trial was not trained at this rung or its training failed
 * @param seconds time spent training and scoring at this rung
 */
public record TrialResult(Trial trial, int rung, int epochs, Objective.Score score, double seconds, Status status) {

    /** Better scores first: higher validation macro-F1, then higher accuracy. Only for scored rows. */
    public static final Comparator<TrialResult> BY_SCORE = Comparator
        .comparingDouble((TrialResult r) -> -r.score().macroF1())
        .thenComparingDouble(r -> -r.score().accuracy());

    /** What happened to the trial after this row. */
    public enum Status {
        /** Among the best of its rung: trained further at the next one. */
        PROMOTED,
        /** Not among the best of its rung: the search dropped it. */
        STOPPED,
        /** The only trial of the last rung. */
        FINAL,
        /** The time budget ran out before the trial could be trained, compared or promoted. */
        BUDGET,
        /** Training threw; the trial is dropped. */
        FAILED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean scored() {
        return score != null;
    }

    TrialResult withStatus(Status newStatus) {
        return new TrialResult(trial, rung, epochs, score, seconds, newStatus);
    }
}
