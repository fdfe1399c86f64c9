package org.trapstream.dashboard;

import java.util.List;
import java.util.TreeSet;

/**
 * Labels seen in predictions' top-k and in feedback, offered as suggestions on the labeler page. Capped, so an
 * odd stream of one-off labels cannot grow it without bound; the most recently seen labels stay.
 */
final class KnownLabels {

    static final int MAX_LABELS = 1000;

    private final RecentMap<String, Boolean> labels = new RecentMap<>(MAX_LABELS);

    synchronized void add(String label) {
        labels.put(label, Boolean.TRUE);
    }

    synchronized int size() {
        return labels.size();
    }

    synchronized List<String> sorted() {
        return List.copyOf(new TreeSet<>(labels.keys()));
    }
}
