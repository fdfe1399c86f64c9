package org.trapstream.serving;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.trapstream.common.contract.Prediction;

/** The k most probable labels of one prediction. */
public final class TopK {

    private TopK() {
    }

    /** Up to {@code k} labels with their probabilities, most probable first (ties keep label order). */
    public static List<Prediction.LabelScore> of(float[] probabilities, List<String> labels, int k) {
        if (probabilities.length != labels.size()) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.size() + " labels");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1: " + k);
        }
        return IntStream.range(0, probabilities.length).boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed())
            .limit(k)
            .map(i -> new Prediction.LabelScore(labels.get(i), probabilities[i]))
            .toList();
    }
}
