package org.trapstream.classifier;

import java.util.List;
import java.util.Set;

import org.trapstream.common.config.TrapstreamConfig;

/**
 * Decides whether the model sees an empty frame (wind, grass, a passing shadow: most triggers): the serving model's
 * labels include one or more empty classes ({@code labels}) and their probabilities together reach
 * {@code minConfidence}. Summed, not the top-1 alone, so a model that splits "no animal" over {@code empty} and
 * {@code blank} still counts as sure. A model without an empty class marks nothing.
 */
record EmptyFrames(Set<String> labels, double minConfidence) {

    EmptyFrames {
        labels = Set.copyOf(labels);
    }

    static EmptyFrames from(TrapstreamConfig config) {
        return new EmptyFrames(Set.copyOf(config.getList(ClassifierConfig.EMPTY_LABELS)),
            config.getDouble(ClassifierConfig.EMPTY_MIN_CONFIDENCE));
    }

    /**
     * @param probabilities one per label, in the order of {@code modelLabels}
     * @param modelLabels   the serving model's labels
     */
    boolean isEmpty(float[] probabilities, List<String> modelLabels) {
        double emptyProbability = 0;
        boolean hasEmptyClass = false;
        for (int i = 0; i < probabilities.length; i++) {
            if (labels.contains(modelLabels.get(i))) {
                hasEmptyClass = true;
                emptyProbability += probabilities[i];
            }
        }
        return hasEmptyClass && emptyProbability >= minConfidence;
    }
}
