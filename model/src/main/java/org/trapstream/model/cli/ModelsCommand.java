package org.trapstream.model.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.cli.CommandGroup;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.EvaluationPictures;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.train.TrainedVersion;
import org.trapstream.serving.ImportManifest;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelPromoter;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.Preprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static org.trapstream.common.config.KafkaSettings.KAFKA_BOOTSTRAP_SERVERS;
import static org.trapstream.serving.InferenceSettings.BATCH_MAX_SIZE;

/**
 * {@code models}: the model registry from the command line. Promoting writes {@code promoted.json} and, when
 * Kafka is given, announces the version on {@link Topics#MODELS}, where running classifiers pick it up and swap
 * to it; {@code rollback} serves again the version that served before ({@link ModelPromoter}).
 */
@Command(name = "models",
    description = "Lists the versions in the model registry, promotes one, rolls back, or imports an ONNX network.",
    subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class,
        ModelsCommand.Import.class})
public final class ModelsCommand extends CommandGroup {

    @Command(name = "list", description = {"Lists the registry's versions with their status and metrics.",
        "With --json, one JSON array of {\"version\", \"parent_version\", \"status\", \"status_reason\", "
            + "\"created_at\", \"format\", \"input_size\", \"labels\", \"metrics\": {\"accuracy\", \"macro_f1\"}, "
            + "\"calibration\": {\"temperature\", \"ece_before\", \"ece_after\", \"bins\"}}.",
        "ECE is the expected calibration error on the evaluation images after temperature scaling ('-': not "
            + "calibrated here, e.g. an imported network)."})
    static final class ListVersions implements Callable<Integer> {

        private static final String ROW = "%-8s %-10s %-20s %8s %8s %6s %6s  %s%n";

        @Mixin
        private final CommandContext context = CommandContext.reading(CommandKeys.REGISTRY);

        @Mixin
        private RegistryOption registry;

        @Option(names = "--json", description = "Print the versions as JSON, for programs.")
        private boolean json;

        @Override
        public Integer call() {
            List<ModelMetadata> versions = registry.registry(context.config()).list();
            if (json) {
                context.out().println(new JsonArray(versions.stream().map(ListVersions::summary).toList()).encode());
            } else {
                table(versions, context.out());
            }
            return ExitCode.OK;
        }

        private static JsonObject summary(ModelMetadata model) {
            return new JsonObject()
                .put("version", model.version())
                .put("parent_version", model.parentVersion())
                .put("status", model.status().code())
                .put("status_reason", model.statusReason())
                .put("created_at", model.createdAt().toString())
                .put("format", model.network().format().code())
                .put("input_size", model.inputSize())
                .put("labels", new JsonArray(model.labels()))
                .put("metrics", new JsonObject()
                    .put("accuracy", number(model.metric("accuracy")))
                    .put("macro_f1", number(model.metric("macro_f1"))))
                .put("calibration", calibration(model).map(c -> new JsonObject()
                    .put("temperature", c.getValue("temperature"))
                    .put("ece_before", c.getValue("ece_before"))
                    .put("ece_after", c.getValue("ece_after"))
                    .put("bins", c.getValue("bins"))).orElse(null));
        }

        /** The calibration the training recorded; empty for a version never calibrated here. */
        private static Optional<JsonObject> calibration(ModelMetadata model) {
            return Optional.ofNullable(model.metrics().getJsonObject(Calibration.METRICS_KEY))
                .filter(c -> c.containsKey("ece_after"));
        }

        /** A metric, or null where the version has none (an imported network was never scored here). */
        private static Double number(double value) {
            return Double.isNaN(value) ? null : value;
        }

        private static void table(List<ModelMetadata> versions, PrintStream out) {
            out.printf(ROW, "VERSION", "STATUS", "CREATED", "ACCURACY", "MACRO_F1", "TEMP", "ECE", "LABELS");
            for (ModelMetadata model : versions) {
                Optional<JsonObject> calibration = calibration(model);
                out.printf(ROW, model.version(), model.status().code(),
                    model.createdAt().truncatedTo(ChronoUnit.SECONDS), score(model.metric("accuracy")),
                    score(model.metric("macro_f1")), calibration.map(c -> score(c.getValue("temperature"))).orElse("-"),
                    calibration.map(c -> score(c.getValue("ece_after"))).orElse("-"),
                    String.join(",", model.labels()));
            }
        }

        private static String score(double value) {
            return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
        }

        /** A number of the metadata, '-' where it is null (no images to measure it on). */
        private static String score(Object value) {
            return value instanceof Number number ? score(number.doubleValue()) : "-";
        }
    }

    @Command(name = "promote", description = {"Makes a version the one that serves, and tells the classifiers.",
        "With Kafka given, the version is announced on " + Topics.MODELS + ", where the classifiers hot-swap to it; "
            + "without, they learn of it at their next start. Promoting an older version is a rollback too."})
    static final class Promote extends ServingChange {

        @Parameters(paramLabel = "VERSION", description = "The version to serve, e.g. v0003.")
        private String version;

        @Override
        ModelAnnouncement change(ModelPromoter promoter) {
            return promoter.promote(version);
        }
    }

    @Command(name = "rollback", description = {"Undoes the last promotion: the version that served before serves again.",
        "Announced as a promotion is. Each rollback goes one promotion further back, as far as the registry's "
            + ModelRegistry.PROMOTIONS_FILE + " records them; with none recorded it fails and changes nothing."})
    static final class Rollback extends ServingChange {

        @Override
        ModelAnnouncement change(ModelPromoter promoter) {
            return promoter.rollback();
        }
    }

    /**
     * A change of the serving version through a {@link ModelPromoter}, announced when Kafka is given; a zero exit
     * means the announcement is out.
     */
    abstract static class ServingChange implements Callable<Integer> {

        @Mixin
        private final CommandContext context = CommandContext.reading(CommandKeys.ANNOUNCING)
            .alias("--kafka", KAFKA_BOOTSTRAP_SERVERS, "HOST:PORT");

        @Mixin
        private RegistryOption registry;

        abstract ModelAnnouncement change(ModelPromoter promoter);

        @Override
        public Integer call() {
            TrapstreamConfig config = context.config();
            ModelRegistry models = registry.registry(config);
            if (config.getString(KAFKA_BOOTSTRAP_SERVERS).isBlank()) {
                ModelAnnouncement announcement = change(new ModelPromoter(models, Optional.empty()));
                context.out().println("promoted " + announcement.version());
                context.err().println("not announced: no Kafka given (--kafka HOST:PORT); running classifiers keep "
                    + "their model until they restart");
                return ExitCode.OK;
            }
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     new HashMap<String, Object>(KafkaClients.producer(config, "trapstream-models-command")))) {
                ModelAnnouncement announcement = change(new ModelPromoter(models, Optional.of(producer)));
                context.out().println("promoted " + announcement.version());
                context.out().println("announced " + announcement.version() + " on " + Topics.MODELS);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "import", description = {"Adds an ONNX network to the registry as its next version.",
        "Verified as a load verifies it (checksum, input, output width against the labels, a smoke inference) and "
            + "refused with the reason otherwise, writing nothing. The new version's id is the last line on stdout."})
    static final class Import implements Callable<Integer> {

        @Mixin
        private final CommandContext context = CommandKeys.classifying();

        @Mixin
        private RegistryOption registry;

        @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX network.")
        private Path onnx;

        @Option(names = "--manifest", required = true, paramLabel = "FILE",
            description = "Its manifest (JSON): labels in output order, input size, layout, colour, scale, mean, std, "
                + "resize, output kind.")
        private Path manifest;

        @Option(names = "--calibrate-on", paramLabel = "DIR",
            description = {"A labelled folder (<label>/<image>, every label one of the network's): half of it, "
                + "stratified, fits the softmax temperature and the out-of-distribution detector (the Mahalanobis "
                + "distance on the features where the manifest names output.features); the other half measures "
                + "accuracy, macro-F1, the calibration error before and after it and the most confident mistakes. "
                + "All go into the version's metadata and charts, as for a network trained here. Without it the "
                + "version serves at temperature 1, uncalibrated, without a detector."})
        private Path calibrationSet;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the calibration split (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Override
        public Integer call() {
            TrapstreamConfig config = context.config();
            ModelRegistry models = registry.registry(config);
            ModelMetadata draft = draft(manifest);
            Optional<OodDetector> ood = Optional.empty();
            UnaryOperator<ModelRegistry.Contents> withCharts = UnaryOperator.identity();
            if (calibrationSet != null) {
                ImageLimits limits = ImageLimits.from(config);
                FolderDataset labelled = FolderDataset.scan(calibrationSet);
                ImportCalibration.Calibrated calibrated = new ImportCalibration(models, limits,
                    config.getInt(BATCH_MAX_SIZE), seed).calibrate(draft, onnx, labelled);
                draft = calibrated.draft();
                ood = Optional.of(calibrated.ood());
                EvaluationPictures pictures = EvaluationPictures.reread(labelled.source()::resolve,
                    new Preprocessor(draft), limits);
                withCharts = network -> TrainedVersion.of(network).showing(pictures);
                JsonObject calibration = draft.metrics().getJsonObject(Calibration.METRICS_KEY);
                context.err().printf(Locale.ROOT, "calibrated on %s: temperature %.3f, ECE %s -> %s on %d images; "
                        + "out-of-distribution: %s over %s%n", calibrationSet, draft.temperature(),
                    calibration.getValue("ece_before"), calibration.getValue("ece_after"),
                    calibration.getInteger("evaluation_images"), ood.get().method().code(), ood.get().threshold());
            }
            ModelMetadata imported = models.importNetwork(onnx, draft, ood, withCharts);
            context.err().printf("imported %s as %s: %d labels, %d px input, %s%n", onnx, imported.version(),
                imported.labels().size(), imported.inputSize(), imported.network().toJson().encode());
            context.out().println(imported.version());
            return ExitCode.OK;
        }

        private static ModelMetadata draft(Path manifestFile) {
            JsonObject manifest;
            try {
                manifest = new JsonObject(Files.readString(manifestFile));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the manifest " + manifestFile, e);
            } catch (DecodeException e) {
                throw new IllegalArgumentException("The manifest " + manifestFile + " is not a JSON object: "
                    + e.getMessage(), e);
            }
            try {
                return ImportManifest.draft(manifest);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The manifest " + manifestFile + " does not fit: " + e.getMessage(),
                    e);
            }
        }
    }
}
