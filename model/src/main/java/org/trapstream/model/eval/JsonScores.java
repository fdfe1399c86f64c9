package org.trapstream.model.eval;

/** Scores as a version's metadata writes them. */
public final class JsonScores {

    /** JSON has no NaN: an unknown score (no validation or evaluation images) is written as null. */
    public static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private JsonScores() {
    }
}
