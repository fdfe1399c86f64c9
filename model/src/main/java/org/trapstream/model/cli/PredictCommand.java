package org.trapstream.model.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.TopK;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import static org.trapstream.serving.InferenceSettings.BATCH_MAX_SIZE;
import static org.trapstream.serving.InferenceSettings.TOP_K;

/**
 * {@code predict}: classifies image files with a saved model, one JSON line per file, in the files' order.
 * Exits 0 once every file has its line, whatever the lines say.
 */
@Command(name = "predict",
    description = {"Classifies image files with a model of the registry and prints the top labels.",
        "One JSON object per file and line on stdout: {\"file\", \"image_id\", \"label\", \"confidence\", "
            + "\"top_k\": [{\"label\", \"confidence\"}], \"ood_score\", \"out_of_distribution\", "
            + "\"model_version\"}, or {\"file\", \"error\"} for a file that cannot be read or decoded. "
            + "Exits 0 once every file is processed."})
public final class PredictCommand implements Callable<Integer> {

    @Mixin
    private final CommandContext context = CommandKeys.classifying()
        .alias("--top-k", TOP_K, "K");

    @Mixin
    private ModelChoice model;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The image files.")
    private List<Path> files;

    @Override
    public Integer call() {
        TrapstreamConfig config = context.config();
        LoadedModel loaded = model.load(config);
        List<String> labels = loaded.metadata().labels();
        String version = loaded.metadata().version();
        int shown = Math.min(config.getInt(TOP_K), labels.size());
        new FileClassifier(loaded, ImageLimits.from(config), config.getInt(BATCH_MAX_SIZE)).classify(files, outcome -> {
            JsonObject json = new JsonObject().put("file", outcome.file().toString());
            if (outcome.failed()) {
                json.put("error", outcome.error());
            } else {
                List<Prediction.LabelScore> top = TopK.of(outcome.probabilities(), labels, shown);
                json.put("image_id", outcome.imageId())
                    .put("label", top.get(0).label())
                    .put("confidence", top.get(0).confidence())
                    .put("top_k", new JsonArray(top.stream()
                        .map(s -> new JsonObject().put("label", s.label()).put("confidence", s.confidence()))
                        .toList()))
                    .put("ood_score", Double.isFinite(outcome.oodScore()) ? outcome.oodScore() : null)
                    .put("out_of_distribution", outcome.outOfDistribution())
                    .put("model_version", version);
            }
            context.out().println(json.encode());
        });
        return ExitCode.OK;
    }
}
