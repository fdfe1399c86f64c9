package org.trapstream.model.eval;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How a model trained without a site does at that site, counting only what it could have learned: the macro-F1
 * over the classes present there that also have training images at other sites. A class photographed at the
 * held-out site alone cannot be learned from elsewhere; it is named in {@code unlearnable} and left out of the
 * score, so the score moves with what a training measure changes rather than with which classes a site holds.
 *
 * @param site        the held-out site
 * @param scored      the classes the score averages, sorted
 * @param unlearnable the classes present there without a training image elsewhere, sorted
 * @param macroF1     mean F1 over {@code scored}; NaN when it is empty
 */
public record UnseenSiteScore(String site, List<String> scored, List<String> unlearnable, double macroF1) {

    public UnseenSiteScore {
        scored = List.copyOf(scored);
        unlearnable = List.copyOf(unlearnable);
    }

    /**
     * @param f1There      F1 per class on the site's images (a class present there and missing here scores 0)
     * @param classesThere the true labels of the site's images
     * @param trained      the labels of the training images (the other sites')
     */
    public static UnseenSiteScore of(String site, Map<String, Double> f1There, Collection<String> classesThere,
                                     Collection<String> trained) {
        TreeSet<String> present = new TreeSet<>(classesThere);
        List<String> scored = present.stream().filter(trained::contains).toList();
        List<String> unlearnable = present.stream().filter(label -> !trained.contains(label)).toList();
        double macroF1 = scored.stream().mapToDouble(label -> f1There.getOrDefault(label, 0.0)).average()
            .orElse(Double.NaN);
        return new UnseenSiteScore(site, scored, unlearnable, macroF1);
    }

    /** Whether any class there could be learned elsewhere, so the site counts towards {@link #mean}. */
    public boolean counts() {
        return !scored.isEmpty();
    }

    /** The mean over the sites that {@link #counts count}, each once whatever its size; NaN when none does. */
    public static double mean(Collection<UnseenSiteScore> sites) {
        return sites.stream().filter(UnseenSiteScore::counts).mapToDouble(UnseenSiteScore::macroF1).average()
            .orElse(Double.NaN);
    }

    public JsonObject toJson() {
        return new JsonObject().put("site", site).put("scored_classes", new JsonArray(scored))
            .put("unlearnable_classes", new JsonArray(unlearnable)).put("macro_f1", JsonScores.finiteOrNull(macroF1));
    }
}
