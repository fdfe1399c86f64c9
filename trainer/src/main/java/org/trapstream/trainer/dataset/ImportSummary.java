package org.trapstream.trainer.dataset;

import java.util.Map;
import java.util.SortedMap;

/**
 * What an import did: labels added per class, images whose label was already the same, and entries left out
 * by reason (the dataset's own reasons plus {@code invalid_image:<reason>} and {@code invalid_label}).
 */
public record ImportSummary(SortedMap<String, Integer> labelled, int unchanged, Map<String, Integer> skipped) {

    public int labelledTotal() {
        return labelled.values().stream().mapToInt(Integer::intValue).sum();
    }
}
