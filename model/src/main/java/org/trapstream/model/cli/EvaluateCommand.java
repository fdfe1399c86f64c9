package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.Evaluator;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.TopK;

/**
 * {@code evaluate}: scores a saved model on a labelled folder ({@code <class>/<image>}, or its {@code test/}
 * part when there is one). Progress goes to stderr; the last stdout line is the JSON summary
 * {@code {"images", "accuracy", "macro_f1", "per_class", "confusion", "model_version", "errors"}}. Images
 * of a class the model does not know count as wrong; files that cannot be decoded are left out of the
 * scores and counted in {@code errors}.
 */
public final class EvaluateCommand {

    static final String USAGE = "evaluate --data DIR [--model-dir DIR] [--version V] [--batch-size B]\n"
        + "  --data       <class>/<image> folders, or a parent with test/<class>/<image>\n"
        + "  --model-dir  a model registry (default: data.dir/models) or one version's directory";

    /** Progress lines while evaluating, at most this many. */
    private static final int PROGRESS_STEPS = 10;

    private EvaluateCommand() {
    }

    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        return CommandRunner.run(USAGE, Set.of("data", "model-dir", "version", "batch-size"), Set.of(), args, line -> {
            if (!line.positionals().isEmpty()) {
                throw new UsageException("unexpected arguments " + line.positionals());
            }
            FolderDataset dataset = FolderDataset.evaluationSet(Path.of(line.required("data")));
            int batchSize = line.positiveInt("batch-size", config.getInt(TrapstreamConfig.BATCH_MAX_SIZE));
            LoadedModel model = ModelLocator.load(line.path("model-dir", config.modelRegistryDir()), line.value("version"));
            List<String> labels = model.metadata().labels();

            System.err.printf("evaluating %s on %d images of %s%n", model.metadata().version(),
                dataset.images().size(), dataset.source());
            Scoring scoring = new Scoring(dataset, labels, System.err);
            new FileClassifier(model, ImageLimits.from(config), batchSize)
                .classify(dataset.images().stream().map(LabeledImage::file).toList(), scoring);
            JsonObject summary = scoring.evaluator.summary().toJson()
                .put("model_version", model.metadata().version())
                .put("errors", scoring.errors);
            out.println(summary.encode());
            return CommandRunner.OK;
        });
    }

    /** Feeds each file's outcome to the evaluator and reports progress. */
    private static final class Scoring implements Consumer<FileClassifier.Outcome> {

        private final Map<Path, String> truth = new HashMap<>();
        private final List<String> labels;
        private final Evaluator evaluator;
        private final PrintStream progress;
        private final int total;
        private final int step;
        private int done;
        private int errors;

        Scoring(FolderDataset dataset, List<String> labels, PrintStream progress) {
            dataset.images().forEach(image -> truth.put(image.file(), image.label()));
            this.labels = labels;
            this.evaluator = new Evaluator(labels);
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
                evaluator.add(truth.get(outcome.file()), TopK.of(outcome.probabilities(), labels, 1).get(0).label());
            }
            if (++done % step == 0 || done == total) {
                progress.printf("evaluated %d/%d%n", done, total);
            }
        }
    }
}
