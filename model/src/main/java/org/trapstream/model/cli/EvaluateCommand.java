package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.Evaluator;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.TopK;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import static org.trapstream.serving.InferenceSettings.BATCH_MAX_SIZE;

/**
 * {@code evaluate}: scores a saved model on a labelled folder ({@code <class>/<image>}, or its {@code test/}
 * part when there is one). Images of a class the model does not know count as wrong; files that cannot be
 * decoded are left out of the scores and counted in {@code errors}.
 */
@Command(name = "evaluate",
    description = {"Evaluates a model of the registry on a folder dataset: accuracy, macro-F1, confusion matrix.",
        "Progress goes to stderr; the last line on stdout is the JSON summary {\"images\", \"accuracy\", "
            + "\"macro_f1\", \"per_class\", \"confusion\", \"model_version\", \"errors\"}. Images of a class "
            + "the model does not know count as wrong; files that cannot be decoded count in errors. With --group-by "
            + "site, \"by_site\" holds the same scores for each site."})
public final class EvaluateCommand implements Callable<Integer> {

    /** Progress lines while evaluating, at most this many. */
    private static final int PROGRESS_STEPS = 10;

    @Mixin
    private final CommandContext context = CommandKeys.classifying();

    @Mixin
    private ModelChoice model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "<class>/<image> folders, or a parent with test/<class>/<image>.")
    private Path data;

    /** What the scores can be broken down by. */
    enum Grouping {
        /** The site each image was taken at: a labels.csv location or station column beside the dataset, else its folder. */
        SITE
    }

    @Option(names = "--group-by", paramLabel = "KEY",
        description = "Also score each group apart: site (a labels.csv location or station column beside the dataset, else "
            + "the dataset folder), to see where the model fails.")
    private Grouping groupBy;

    @Override
    public Integer call() {
        TrapstreamConfig config = context.config();
        FolderDataset dataset = FolderDataset.evaluationSet(data);
        LoadedModel loaded = model.load(config);
        List<String> labels = loaded.metadata().labels();

        PrintStream err = context.err();
        err.printf("evaluating %s on %d images of %s%n", loaded.metadata().version(), dataset.images().size(),
            dataset.source());
        Scoring scoring = new Scoring(dataset, labels, groupBy == Grouping.SITE, err);
        new FileClassifier(loaded, ImageLimits.from(config), config.getInt(BATCH_MAX_SIZE))
            .classify(dataset.images().stream().map(LabeledImage::file).toList(), scoring);
        JsonObject summary = scoring.evaluator.summary().toJson()
            .put("model_version", loaded.metadata().version())
            .put("errors", scoring.errors);
        if (groupBy == Grouping.SITE) {
            JsonObject bySite = new JsonObject();
            scoring.bySite.forEach((site, evaluator) -> bySite.put(site, evaluator.summary().toJson()));
            summary.put("by_site", bySite);
        }
        context.out().println(summary.encode());
        return ExitCode.OK;
    }

    /** Feeds each file's outcome to the evaluator and reports progress. */
    private static final class Scoring implements Consumer<FileClassifier.Outcome> {

        private final Map<Path, LabeledImage> truth = new HashMap<>();
        private final List<String> labels;
        private final Evaluator evaluator;
        /** Per site, in site order; empty unless asked for. */
        private final Map<String, Evaluator> bySite = new TreeMap<>();
        private final PrintStream progress;
        private final int total;
        private final int step;
        private int done;
        private int errors;

        Scoring(FolderDataset dataset, List<String> labels, boolean perSite, PrintStream progress) {
            dataset.images().forEach(image -> truth.put(image.file(), image));
            this.labels = labels;
            this.evaluator = new Evaluator(labels);
            if (perSite) {
                dataset.sites().forEach(site -> bySite.put(site, new Evaluator(labels)));
            }
            this.progress = progress;
            this.total = dataset.images().size();
            this.step = Math.max(1, total / PROGRESS_STEPS);
        }

        @Override
        public void accept(FileClassifier.Outcome outcome) {
            if (outcome.failed()) {
                errors++;
                progress.println("skipped " + outcome.file() + ": " + outcome.error());
            } else {
                LabeledImage image = truth.get(outcome.file());
                String predicted = TopK.of(outcome.probabilities(), labels, 1).get(0).label();
                evaluator.add(image.label(), predicted);
                if (bySite.containsKey(image.site())) {
                    bySite.get(image.site()).add(image.label(), predicted);
                }
            }
            if (++done % step == 0 || done == total) {
                progress.printf("evaluated %d/%d%n", done, total);
            }
        }
    }
}
