package org.trapstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.cli.ModelsCommand;
import org.trapstream.model.train.Candidate;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.testkit.SharedDatasets;
import org.trapstream.trainer.training.HeadFit;

/**
 * {@code ./bench calibration}: calibration on the two paths that start from a network trained elsewhere, on real
 * images. A small CNN is trained in PyTorch on the bee training split ({@code pytorch_train.py}, the plain recipe
 * that leaves a network over-confident) and exported to ONNX with its logits and pooled features. Then:
 * <ol>
 * <li><b>import</b>: {@code models import --calibrate-on} the bee test split, as a user imports such a network
 *     (the importer fits the temperature on half the folder and measures on the other half);</li>
 * <li><b>head on the imported backbone</b>: a new head fitted on its frozen features by the trainer's
 *     {@link HeadFit}, calibrated and scored by {@link Candidate#evaluate}, the functions the trainer's retraining
 *     on a backbone calls, with labels on images the backbone never saw (half the test split, as labelers' answers
 *     would be), a validation share of the rest fitting the temperature and the remainder measuring.</li>
 * </ol>
 * Prints a Markdown table and writes {@code calibration-<time>.json} into the output folder.
 */
public final class CalibrationBenchmark {

    static final String USAGE = """
        Usage: ./bench calibration [--epochs N] [--out DIR]
          --epochs N  PyTorch training epochs of the imported network (default 8)
          --out DIR   where the JSON result goes (default ./bench-results)
        Datasets: shared/datasets beside the checkout, or -Dtrapstream.shared=DIR (a folder holding datasets/).
        Needs Debian's python3-torch, python3-torchvision and python3-onnx.
        """;

    private static final int IMAGE_SIZE = 64;
    private static final int BATCH = 32;
    private static final long SEED = 42;
    /** The test split's share the head learns from; the rest is split into validation and measuring images. */
    private static final double HEAD_TRAIN_SHARE = 0.5;
    private static final double HEAD_VALIDATION_SHARE = 0.4;
    private static final double HEAD_LEARNING_RATE = 1e-3;
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(30);

    record Options(int epochs, Path out) {
        static Options parse(List<String> args) {
            int epochs = 8;
            Path out = Path.of("bench-results");
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--epochs" -> epochs = epochs(BenchOptions.valueOf(args, ++i, arg));
                    case "--out" -> out = Path.of(BenchOptions.valueOf(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return new Options(epochs, out);
        }

        private static int epochs(String value) {
            try {
                int epochs = Integer.parseInt(value);
                if (epochs > 0) {
                    return epochs;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--epochs needs a positive whole number, got " + value);
        }
    }

    public static void main(String[] args) {
        BenchLauncher.main(args, USAGE, Options::parse, "calibration", (options, work) -> {
            Path datasets = ImageSet.sharedDatasets()
                .filter(dir -> Files.isDirectory(dir.resolve(SharedDatasets.HONEYBEE)))
                .orElseThrow(() -> new IllegalStateException(SharedDatasets.HONEYBEE
                    + " not found under shared/datasets beside the checkout"));
            Path bees = datasets.resolve(SharedDatasets.HONEYBEE);
            Map<String, Path> outside = new LinkedHashMap<>();
            for (String cameraTraps : List.of(SharedDatasets.BORNEO, SharedDatasets.SERENGETI)) {
                if (Files.isDirectory(datasets.resolve(cameraTraps))) {
                    outside.put(cameraTraps, datasets.resolve(cameraTraps));
                }
            }
            JsonObject result = measure(bees.resolve(FolderDataset.TRAIN_DIR), bees.resolve(FolderDataset.TEST_DIR),
                outside, options.epochs(), work)
                .put("arguments", List.of(args));
            Path file = ResultFile.write(options.out(), "calibration", result);
            System.out.print(markdown(result));
            System.out.println("Results: " + file);
        });
    }

    /**
     * Trains the network in PyTorch on {@code trainDir}, imports it calibrated on {@code testDir} and fits a head on
     * its features of {@code testDir}'s images, and compares out-of-distribution scores with {@code testDir} inside
     * and each of {@code outside} (folders of JPEG files, by name) out; every figure of the run.
     */
    static JsonObject measure(Path trainDir, Path testDir, Map<String, Path> outside, int epochs, Path work)
            throws IOException {
        JsonObject machine = Machine.describe();
        long started = System.nanoTime();
        TorchScripts scripts = TorchScripts.prepare(work);
        Path exported = work.resolve("pytorch");
        scripts.run(TorchScripts.PYTORCH_TRAIN, TRAINING_TIMEOUT, List.of(trainDir.toString(), exported.toString(),
            "--size", String.valueOf(IMAGE_SIZE), "--epochs", String.valueOf(epochs), "--seed", String.valueOf(SEED)));
        double trainingSeconds = (System.nanoTime() - started) / 1e9;

        ModelRegistry registry = new ModelRegistry(work.resolve("models"));
        ModelMetadata imported = importCalibrated(registry, exported, testDir);
        JsonObject head;
        JsonObject ood;
        try (ImportedOod network = ImportedOod.open(registry, imported)) {
            head = headOnBackbone(network, imported.labels(), FolderDataset.scan(testDir));
            ood = network.compare(imported.labels(), trainDir, testDir, outside);
        }
        return new JsonObject()
            .put("machine", machine)
            .put("network", new JsonObject().put("trained_in", "PyTorch").put("epochs", epochs)
                .put("image_size", IMAGE_SIZE).put("training_seconds", trainingSeconds))
            .put("import", new JsonObject().put("version", imported.version())
                .put("accuracy", imported.metric("accuracy")).put("macro_f1", imported.metric("macro_f1"))
                .put(Calibration.METRICS_KEY, imported.metrics().getJsonObject(Calibration.METRICS_KEY)))
            .put("head", head)
            .put("ood", ood)
            .put("seconds", (System.nanoTime() - started) / 1e9)
            .put("load_average_after", Machine.loadAverage());
    }

    /** {@code trapstream models import --calibrate-on}, as a user runs it; the new version's metadata. */
    private static ModelMetadata importCalibrated(ModelRegistry registry, Path exported, Path labelled) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CommandLines.create(new ModelsCommand(), new Invocation(System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()))
            .execute("import", "--onnx", exported.resolve("network.onnx").toString(),
                "--manifest", exported.resolve("network.manifest.json").toString(),
                "--calibrate-on", labelled.toString(), "--model-dir", registry.root().toString());
        if (exit != 0) {
            throw new IllegalStateException("models import exited " + exit + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return registry.list().get(registry.list().size() - 1);
    }

    /**
     * A new head on the imported network's features, fitted, calibrated and scored as the trainer's retraining on a
     * backbone does it; its scores and calibration.
     */
    private static JsonObject headOnBackbone(ImportedOod network, List<String> classes, FolderDataset unseen) {
        FolderDataset.Split labelled = unseen.split(HEAD_TRAIN_SHARE, SEED);
        FolderDataset.Split rest = labelled.heldOut().split(HEAD_VALIDATION_SHARE, SEED);
        FolderDataset train = labelled.rest();
        FolderDataset validation = rest.heldOut();
        FolderDataset evaluation = rest.rest();
        float[][] trainVectors = network.outputs(files(train)).features();
        float[][] validationVectors = network.outputs(files(validation)).features();
        float[][] evaluationVectors = network.outputs(files(evaluation)).features();
        HeadFit.Head head = HeadFit.fit(trainVectors, Scoring.truth(classes, labels(train)), validationVectors,
            Scoring.truth(classes, labels(validation)), classes.size(), HEAD_LEARNING_RATE, SEED, () -> false);
        Candidate candidate = Candidate.evaluate(head.fitResult(), classes, head.probabilities(validationVectors),
            labels(validation), head.probabilities(evaluationVectors), labels(evaluation),
            files(evaluation).stream().map(evaluation::relativeName).toList());
        return new JsonObject()
            .put("train_images", train.images().size())
            .put("features", head.features())
            .put("epochs_run", head.history().size())
            .put("accuracy", candidate.evaluation().toJson().getDouble("accuracy"))
            .put("macro_f1", candidate.evaluation().toJson().getDouble("macro_f1"))
            .put(Calibration.METRICS_KEY, candidate.calibration().toJson());
    }

    private static List<Path> files(FolderDataset set) {
        return set.images().stream().map(LabeledImage::file).toList();
    }

    private static List<String> labels(FolderDataset set) {
        return set.images().stream().map(LabeledImage::label).toList();
    }

    static String markdown(JsonObject result) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "%nA small CNN trained in PyTorch on the bee training split (%d px, %d epochs), exported to ONNX%n%n",
            result.getJsonObject("network").getInteger("image_size"),
            result.getJsonObject("network").getInteger("epochs")));
        out.append("| path | accuracy | macro-F1 | T | ECE before | ECE after | fitted on | measured on |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        row(out, "import with `--calibrate-on` (bee test split)", result.getJsonObject("import"));
        row(out, "new head on its features (trainer's HeadFit)", result.getJsonObject("head"));
        JsonObject ood = result.getJsonObject("ood");
        out.append(String.format(Locale.ROOT, "%nOut-of-distribution AUROC, %d bee test images inside (Mahalanobis fitted"
            + " on %d training images' %d features)%n%n| score |", ood.getInteger("inside_images"),
            ood.getInteger("train_images"), ood.getInteger("feature_width")));
        JsonObject methods = ood.getJsonObject("methods");
        List<String> sets = methods.isEmpty() ? List.of()
            : List.copyOf(methods.getJsonObject(methods.fieldNames().iterator().next()).fieldNames());
        sets.forEach(set -> out.append(' ').append(set).append(" |"));
        out.append("\n|---|").append("---|".repeat(sets.size())).append('\n');
        methods.forEach(method -> {
            out.append("| ").append(method.getKey()).append(" |");
            JsonObject perSet = (JsonObject) method.getValue();
            sets.forEach(set -> out.append(String.format(Locale.ROOT, " %.3f (%d) |",
                perSet.getJsonObject(set).getDouble("auroc"), perSet.getJsonObject(set).getInteger("images"))));
            out.append('\n');
        });
        return out.toString();
    }

    private static void row(StringBuilder out, String path, JsonObject figures) {
        JsonObject calibration = figures.getJsonObject(Calibration.METRICS_KEY);
        out.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.4f | %.4f | %d | %d |%n", path,
            figures.getDouble("accuracy"), figures.getDouble("macro_f1"), calibration.getDouble("temperature"),
            calibration.getDouble("ece_before"), calibration.getDouble("ece_after"),
            calibration.getInteger("validation_images"), calibration.getInteger("evaluation_images")));
    }

    private CalibrationBenchmark() {
    }
}
