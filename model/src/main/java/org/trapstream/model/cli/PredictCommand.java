package org.trapstream.model.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.TopK;

/**
 * {@code predict}: classifies image files with a saved model and prints one JSON object per file and line,
 * {@code {"file", "image_id", "label", "confidence", "top_k": [{"label", "confidence"}], "model_version"}},
 * or {@code {"file", "error"}} for a file that cannot be read or decoded. Exits 0 once every file has its
 * line, whatever the lines say.
 */
public final class PredictCommand {

    static final String USAGE = "predict [--model-dir DIR] [--version V] [--top-k K] [--batch-size B] FILE...\n"
        + "  --model-dir  a model registry (default: data.dir/models; serves the promoted version, else the newest)\n"
        + "               or one version's directory\n"
        + "  --top-k      labels listed per image (default classifier.top.k)";

    private PredictCommand() {
    }

    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        return CommandRunner.run(USAGE, Set.of("model-dir", "version", "top-k", "batch-size"), Set.of(), args, line -> {
            List<Path> files = line.positionals().stream().map(Path::of).toList();
            if (files.isEmpty()) {
                throw new UsageException("no image files given");
            }
            int topK = line.positiveInt("top-k", config.getInt(TrapstreamConfig.TOP_K));
            int batchSize = line.positiveInt("batch-size", config.getInt(TrapstreamConfig.BATCH_MAX_SIZE));
            LoadedModel model = ModelLocator.load(line.path("model-dir", config.modelRegistryDir()), line.value("version"));
            List<String> labels = model.metadata().labels();
            String version = model.metadata().version();
            new FileClassifier(model, ImageLimits.from(config), batchSize).classify(files, outcome -> {
                JsonObject json = new JsonObject().put("file", outcome.file().toString());
                if (outcome.failed()) {
                    json.put("error", outcome.error());
                } else {
                    List<Prediction.LabelScore> top = TopK.of(outcome.probabilities(), labels, Math.min(topK, labels.size()));
                    json.put("image_id", outcome.imageId())
                        .put("label", top.get(0).label())
                        .put("confidence", top.get(0).confidence())
                        .put("top_k", new JsonArray(top.stream()
                            .map(s -> new JsonObject().put("label", s.label()).put("confidence", s.confidence()))
                            .toList()))
                        .put("model_version", version);
                }
                out.println(json.encode());
            });
            return CommandRunner.OK;
        });
    }
}
