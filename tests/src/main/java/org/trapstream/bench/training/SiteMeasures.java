package org.trapstream.bench.training;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.eval.UnseenSiteScore;
import org.trapstream.model.train.TrainingOptions;

import static org.trapstream.model.train.TrainingSettings.COLOUR_BRIGHTNESS;
import static org.trapstream.model.train.TrainingSettings.COLOUR_CONTRAST;
import static org.trapstream.model.train.TrainingSettings.COLOUR_HUE;
import static org.trapstream.model.train.TrainingSettings.COLOUR_SATURATION;
import static org.trapstream.model.train.TrainingSettings.CROP_SCALE_MIN;
import static org.trapstream.model.train.TrainingSettings.GREYSCALE_PROBABILITY;
import static org.trapstream.model.train.TrainingSettings.TRAIN_SAMPLING;

/**
 * Figure 7: which training measures help at a site the model never saw. The baseline (the trainer's defaults),
 * each measure alone, and a combination are trained under several seeds, each held-out site in turn
 * ({@link SiteHoldout}, sites with no class learnable elsewhere left out) and on the dataset's random split; the
 * score is {@link UnseenSiteScore}'s mean over the sites. Every run is a {@code trapstream train} run with the
 * measure's training keys set, so what wins here is what those keys do for a user.
 */
public final class SiteMeasures {

    /** A training measure: a name and the training keys that turn it on (none for the baseline). */
    public record Measure(String name, Map<String, String> keys) {

        public Measure {
            keys = Map.copyOf(keys);
        }

        JsonObject toJson() {
            return new JsonObject().put("name", name).put("keys", new JsonObject(new LinkedHashMap<>(keys)));
        }
    }

    public static final Measure BASELINE = new Measure("baseline (defaults)", Map.of());
    /** Each measure at a strength common in the literature (torchvision's examples, SimCLR's colour strength). */
    public static final List<Measure> SINGLE = List.of(
        new Measure("random resized crop", Map.of(CROP_SCALE_MIN, "0.35")),
        new Measure("colour jitter", Map.of(COLOUR_BRIGHTNESS, "0.3", COLOUR_CONTRAST, "0.3",
            COLOUR_SATURATION, "0.3", COLOUR_HUE, "0.05")),
        new Measure("greyscale (IR), p 0.3", Map.of(GREYSCALE_PROBABILITY, "0.3")),
        new Measure("balanced classes and sites", Map.of(TRAIN_SAMPLING, "balanced")));

    /** A labelled set with sites: its random split, and the folder its sites' {@code labels.csv} is in. */
    public record Dataset(String name, FolderDataset train, FolderDataset test, Path root) {
    }

    /** One measure under one seed: the random split's macro-F1 and each held-out site's score. */
    public record Run(Measure measure, long seed, double randomMacroF1, List<UnseenSiteScore> sites) {

        public double unseenSiteScore() {
            return UnseenSiteScore.mean(sites);
        }

        JsonObject toJson() {
            return new JsonObject().put("measure", measure.name()).put("seed", seed)
                .put("random_split_macro_f1", randomMacroF1).put("unseen_site_macro_f1", unseenSiteScore())
                .put("sites", new JsonArray(sites.stream().map(UnseenSiteScore::toJson).toList()));
        }
    }

    /**
     * Every run on one dataset.
     *
     * @param combination the measures that beat the baseline's mean score, together (the two best when fewer did)
     */
    public record DatasetResult(String name, int images, int imageSize, int epochs, int batchSize, List<Long> seeds,
                                Measure combination, List<Run> runs) {

        /** The measures in the order they were run: baseline, each alone, the combination. */
        public List<Measure> measures() {
            return runs.stream().map(Run::measure).distinct().toList();
        }

        public Spread spread(Measure measure, ToDoubleFunction<Run> value) {
            return Spread.of(runsOf(measure).stream().map(run -> value.applyAsDouble(run)).toList());
        }

        /** The measure's score less the baseline's under the same seed (same split, weights and order). */
        public Spread pairedGain(Measure measure) {
            List<Run> baseline = runsOf(BASELINE);
            List<Run> mine = runsOf(measure);
            return Spread.of(IntStream.range(0, mine.size())
                .mapToObj(i -> mine.get(i).unseenSiteScore() - baseline.get(i).unseenSiteScore()).toList());
        }

        /** The mean score at one site over the seeds. */
        double siteMean(Measure measure, String site) {
            return runsOf(measure).stream().flatMap(run -> run.sites().stream())
                .filter(score -> score.site().equals(site)).mapToDouble(UnseenSiteScore::macroF1).average()
                .orElse(Double.NaN);
        }

        /** The sites of the first run, with what each could and could not be scored on. */
        List<UnseenSiteScore> sites() {
            return runs.get(0).sites();
        }

        private List<Run> runsOf(Measure measure) {
            return runs.stream().filter(run -> run.measure().equals(measure)).toList();
        }

        JsonObject toJson() {
            JsonObject summary = new JsonObject();
            measures().forEach(measure -> summary.put(measure.name(), new JsonObject()
                .put("keys", measure.toJson().getJsonObject("keys"))
                .put("unseen_site_macro_f1", spread(measure, Run::unseenSiteScore).toJson())
                .put("gain_over_baseline", pairedGain(measure).toJson())
                .put("random_split_macro_f1", spread(measure, Run::randomMacroF1).toJson())));
            return new JsonObject().put("dataset", name).put("images", images).put("image_size", imageSize)
                .put("epochs", epochs).put("batch_size", batchSize).put("seeds", new JsonArray(seeds))
                .put("combination", combination.toJson()).put("summary", summary)
                .put("runs", new JsonArray(runs.stream().map(Run::toJson).toList()));
        }

        void appendMarkdown(StringBuilder md) {
            List<UnseenSiteScore> scoredSites = sites().stream().filter(UnseenSiteScore::counts).toList();
            md.append(String.format(Locale.ROOT, "#### %s (%d images, %d px, epochs %d, batch %d, seeds %s)%n%n",
                name, images, imageSize, epochs, batchSize, seeds.stream().map(String::valueOf)
                    .collect(Collectors.joining(", "))));
            md.append("| measure | unseen-site macro-F1 | gain over baseline, same seed | ");
            scoredSites.forEach(site -> md.append(site.site()).append(" | "));
            md.append("random-split macro-F1 |\n|---|---|---|");
            scoredSites.forEach(site -> md.append("---|"));
            md.append("---|\n");
            for (Measure measure : measures()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | ", measure.name(),
                    spread(measure, Run::unseenSiteScore).format(),
                    measure.equals(BASELINE) ? "" : pairedGain(measure).formatRange()));
                scoredSites.forEach(site -> md.append(String.format(Locale.ROOT, "%.3f | ",
                    siteMean(measure, site.site()))));
                md.append(spread(measure, Run::randomMacroF1).format()).append(" |\n");
            }
            md.append("\nScored at each site (classes there with training photos elsewhere): ")
                .append(scoredSites.stream().map(site -> site.site() + ": " + String.join(", ", site.scored()))
                    .collect(Collectors.joining("; ")))
                .append(". Not learnable elsewhere, so left out of the score: ")
                .append(sites().stream().filter(site -> !site.unlearnable().isEmpty())
                    .map(site -> site.site() + ": " + String.join(", ", site.unlearnable()))
                    .collect(Collectors.joining("; ")))
                .append(". The combination: ").append(combination.name()).append(".\n\n");
        }
    }

    public record Result(List<DatasetResult> datasets) {

        public JsonObject toJson() {
            return new JsonObject()
                .put("single_measures", new JsonArray(SINGLE.stream().map(Measure::toJson).toList()))
                .put("datasets", new JsonArray(datasets.stream().map(DatasetResult::toJson).toList()));
        }

        String toMarkdown() {
            StringBuilder md = new StringBuilder("### 7. Training measures at sites the model never saw\n\n");
            md.append("Each measure's keys: ").append(SINGLE.stream().map(measure -> measure.name() + " `"
                    + measure.keys().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")) + "`")
                .collect(Collectors.joining("; "))).append(". The baseline and every measure keep the defaults' "
                    + "flip, rotation, zoom, shift and brightness.\n\n");
            datasets.forEach(dataset -> dataset.appendMarkdown(md));
            md.append("Unseen-site macro-F1: figure 6's learnable-elsewhere score, the mean over the held-out sites "
                + "that have such a class; mean ± sample standard deviation (min–max) over the seeds. The gain is "
                + "paired: the measure's score less the baseline's under the same seed, which shares the split, "
                + "the initial weights and the validation share. The combination is picked on these same runs, so "
                + "its score is optimistic by the choice.\n\n");
            return md.toString();
        }
    }

    private final SiteHoldout holdout;
    private final PrintStream progress;

    public SiteMeasures(SiteHoldout holdout, PrintStream progress) {
        this.holdout = holdout;
        this.progress = progress;
    }

    /**
     * @param options a seed's training options for a measure's keys, at the dataset's epochs and batch size
     */
    public DatasetResult run(Dataset dataset, List<Long> seeds, OptionsFor options) {
        FolderDataset pooled = dataset.train().with(dataset.test(), dataset.root());
        List<Run> runs = new ArrayList<>();
        List<Measure> measures = new ArrayList<>(List.of(BASELINE));
        measures.addAll(SINGLE);
        for (Measure measure : measures) {
            runs.addAll(runAll(dataset, pooled, measure, seeds, options));
        }
        Measure combination = combine(runs);
        runs.addAll(runAll(dataset, pooled, combination, seeds, options));
        TrainingOptions first = options.of(seeds.get(0), BASELINE.keys());
        return new DatasetResult(dataset.name(), pooled.images().size(), first.imageSize(), first.epochs(),
            first.batchSize(), seeds, combination, runs);
    }

    /** Training options for one seed and a measure's keys. */
    @FunctionalInterface
    public interface OptionsFor {
        TrainingOptions of(long seed, Map<String, String> keys);
    }

    private List<Run> runAll(Dataset dataset, FolderDataset pooled, Measure measure, List<Long> seeds,
                             OptionsFor options) {
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) {
            progress.printf("%s: %s, seed %d%n", dataset.name(), measure.name(), seed);
            TrainingOptions trained = options.of(seed, measure.keys());
            double random = holdout.randomSplit(trained, dataset.train(), dataset.test()).metric("macro_f1");
            List<UnseenSiteScore> sites = holdout.folds(trained, pooled, true).stream()
                .map(SiteHoldout.Fold::learnable).toList();
            Run run = new Run(measure, seed, random, sites);
            progress.printf(Locale.ROOT, "%s, seed %d: unseen-site macro-F1 %.3f (%s), random split %.3f%n",
                measure.name(), seed, run.unseenSiteScore(), sites.stream().filter(UnseenSiteScore::counts)
                    .map(site -> String.format(Locale.ROOT, "%s %.3f", site.site(), site.macroF1()))
                    .collect(Collectors.joining(", ")), random);
            runs.add(run);
        }
        return runs;
    }

    /** The single measures whose mean score beat the baseline's, together; the two best when fewer did. */
    static Measure combine(List<Run> runs) {
        Map<Measure, Double> means = runs.stream().collect(Collectors.groupingBy(Run::measure, LinkedHashMap::new,
            Collectors.averagingDouble(Run::unseenSiteScore)));
        double baseline = means.get(BASELINE);
        List<Measure> ranked = SINGLE.stream()
            .sorted(Comparator.comparingDouble((Measure measure) -> means.get(measure)).reversed()).toList();
        List<Measure> better = ranked.stream().filter(measure -> means.get(measure) > baseline).toList();
        List<Measure> chosen = better.size() >= 2 ? better : ranked.subList(0, 2);
        Map<String, String> keys = new LinkedHashMap<>();
        chosen.forEach(measure -> keys.putAll(measure.keys()));
        return new Measure(chosen.stream().map(Measure::name).collect(Collectors.joining(" + "))
            + (better.size() >= 2 ? " (each beat the baseline)" : " (the two best; fewer than two beat the baseline)"),
            keys);
    }
}
