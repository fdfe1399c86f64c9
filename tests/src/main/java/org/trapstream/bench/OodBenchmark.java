package org.trapstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.trapstream.bench.training.BeeBaseline;
import org.trapstream.bench.training.OodComparison;
import org.trapstream.bench.training.TrainingBenchOptions;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.testkit.SharedDatasets;

/**
 * {@code ./bench ood}: the bee model of the training benchmark (figure 1's, or its {@code --quick} version), then
 * the out-of-distribution methods compared on it ({@link OodComparison}) with the Borneo and Serengeti camera-trap
 * frames as out-of-distribution. Prints a Markdown table and writes {@code ood-<time>.json} into the output folder.
 */
public final class OodBenchmark {

    static final String USAGE = """
        Usage: ./bench ood [--quick] [--out DIR]
          --quick    the bee model at 32 px for 1 epoch instead of the default size and epochs
          --out DIR  where the JSON result goes (default ./bench-results)
        Datasets: shared/datasets beside the checkout, or -Dtrapstream.shared=DIR (a folder holding datasets/).
        """;

    public static void main(String[] args) {
        BenchLauncher.main(args, USAGE, TrainingBenchOptions::parse, "ood", (options, work) -> {
            Path datasets = ImageSet.sharedDatasets()
                .orElseThrow(() -> new IllegalStateException("shared/datasets not found beside the checkout"));
            JsonObject machine = Machine.describe();
            ImageLimits limits = ImageLimits.from(options.config());
            ModelRegistry registry = new ModelRegistry(work.resolve("models"));
            Path bees = datasets.resolve(SharedDatasets.HONEYBEE);
            FolderDataset beeTrain = FolderDataset.scan(bees.resolve(FolderDataset.TRAIN_DIR));
            FolderDataset beeTest = FolderDataset.scan(bees.resolve(FolderDataset.TEST_DIR));
            TrainingOptions training = options.training(options.headlineSize(), options.headlineEpochs(), 0,
                options.seed());
            long started = System.nanoTime();
            BeeBaseline.Result bee = new BeeBaseline(registry, limits, System.out).run(training, beeTrain, beeTest);
            Map<String, Path> outside = new LinkedHashMap<>();
            outside.put("Borneo (train + test)", datasets.resolve(SharedDatasets.BORNEO));
            outside.put("Serengeti", datasets.resolve(SharedDatasets.SERENGETI));
            JsonObject result = new OodComparison(registry, limits).run(bee.model(), training, beeTrain, beeTest,
                outside)
                .put("machine", machine)
                .put("arguments", List.of(args))
                .put("image_size", training.imageSize())
                .put("epochs", training.epochs())
                .put("bee_test", bee.test().toJson())
                .put("seconds", (System.nanoTime() - started) / 1e9)
                .put("load_average_after", Machine.loadAverage());
            Path file = ResultFile.write(options.out(), "ood", result);
            System.out.print(markdown(result));
            System.out.println("Results: " + file);
        });
    }

    private static String markdown(JsonObject result) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "%nBee model %s (%d px, epochs %d), thresholds fitted on %d validation images, %d bee test images%n%n",
            result.getString("model_version"), result.getInteger("image_size"), result.getInteger("epochs"),
            result.getInteger("validation_images"), result.getInteger("bee_test_images")));
        out.append("| method | threshold | validation flagged | bee test flagged | set | images | AUROC | routed |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Object item : result.getJsonArray("methods")) {
            JsonObject method = (JsonObject) item;
            JsonObject detector = method.getJsonObject("detector");
            method.getJsonObject("out_of_distribution").forEach(set -> {
                JsonObject figures = (JsonObject) set.getValue();
                out.append(String.format(Locale.ROOT, "| %s | %.4g | %.3f | %.3f | %s | %d | %.3f | %.3f |%n",
                    method.getString("method"), detector.getDouble("threshold"), detector.getDouble("validation_fpr"),
                    method.getDouble("bee_test_flagged"), set.getKey(), figures.getInteger("images"),
                    figures.getDouble("auroc"), figures.getDouble("routed")));
            });
        }
        out.append("\nStored with the version (metrics.ood): ").append(result.getValue("stored_detector")).append('\n');
        return out.toString();
    }

    private OodBenchmark() {
    }
}
