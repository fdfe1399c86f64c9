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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.serving.ImportManifest;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * {@code models list} prints the registry's versions as a table; {@code models promote VERSION} makes a
 * version the one that serves: it writes {@code promoted.json} and, when Kafka is given, announces the
 * version on {@link Topics#MODELS}, where running classifiers pick it up and swap to it. Promoting an older
 * version is how an operator rolls back.
 */
public final class ModelsCommand {

    static final String USAGE = "models list [--model-dir DIR] | models promote VERSION [--model-dir DIR] [--kafka HOST:PORT]"
        + " | models import --onnx FILE --manifest FILE [--model-dir DIR]\n"
        + "  --model-dir  the model registry (default: data.dir/models)\n"
        + "  --kafka      announce the promotion on camtrap.models (without it, classifiers learn of it at their next start)\n"
        + "  --onnx       an ONNX network to add as a new version (verified first; see README, \"Importing a network\")\n"
        + "  --manifest   its manifest: labels in output order, input size, layout, colour, scale, mean, std, resize, output kind";

    private static final String ROW = "%-8s %-10s %-20s %8s %8s  %s%n";

    private ModelsCommand() {
    }

    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        return CommandRunner.run(USAGE, Set.of("model-dir", "onnx", "manifest"), Set.of(), args, line -> {
            List<String> words = line.positionals();
            ModelRegistry registry = new ModelRegistry(line.path("model-dir", config.modelRegistryDir()));
            if (words.equals(List.of("list"))) {
                list(registry, out);
            } else if (words.size() == 2 && words.get(0).equals("promote")) {
                ModelAnnouncement announcement = promote(registry, words.get(1));
                out.println("promoted " + words.get(1));
                if (config.getString(TrapstreamConfig.KAFKA_BOOTSTRAP_SERVERS).isBlank()) {
                    System.err.println("not announced: no Kafka given (--kafka HOST:PORT); running classifiers keep "
                        + "their model until they restart");
                } else {
                    announce(config, announcement);
                    out.println("announced " + words.get(1) + " on " + Topics.MODELS);
                }
            } else if (words.equals(List.of("import"))) {
                Path onnx = Path.of(line.required("onnx"));
                ModelMetadata imported = importNetwork(registry, onnx, Path.of(line.required("manifest")));
                System.err.printf("imported %s as %s: %d labels, %d px input, %s%n", onnx,
                    imported.version(), imported.labels().size(), imported.inputSize(), imported.network().toJson().encode());
                out.println(imported.version());
            } else {
                throw new UsageException(words.isEmpty() ? "missing subcommand" : "unknown subcommand " + words);
            }
            return CommandRunner.OK;
        });
    }

    /** Promotes a version; the returned announcement is what a publisher sends on the models topic. */
    public static ModelAnnouncement promote(ModelRegistry registry, String version) {
        return registry.promote(version);
    }

    /**
     * Adds an ONNX network as the registry's next version, verified as a load verifies (checksum, input, output
     * width against the labels, a smoke inference); refused with the reason otherwise, writing nothing.
     */
    public static ModelMetadata importNetwork(ModelRegistry registry, Path onnx, Path manifestFile) {
        JsonObject manifest;
        try {
            manifest = new JsonObject(Files.readString(manifestFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest " + manifestFile, e);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("The manifest " + manifestFile + " is not a JSON object: " + e.getMessage(), e);
        }
        ModelMetadata draft;
        try {
            draft = ImportManifest.draft(manifest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The manifest " + manifestFile + " does not fit: " + e.getMessage(), e);
        }
        return registry.importNetwork(onnx, draft);
    }

    /** Publishes the announcement and waits for Kafka's acknowledgement, so a zero exit means it is out. */
    static void announce(TrapstreamConfig config, ModelAnnouncement announcement) {
        Map<String, Object> props = new HashMap<>(KafkaClients.producer(config, "trapstream-models-command"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(announcement.toProducerRecord()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Promoted in the registry, but the announcement on " + Topics.MODELS
                + " failed: " + e.getMessage() + " (run the command again to retry)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while announcing the promotion", e);
        }
    }

    private static void list(ModelRegistry registry, PrintStream out) {
        out.printf(ROW, "VERSION", "STATUS", "CREATED", "ACCURACY", "MACRO_F1", "LABELS");
        for (ModelMetadata model : registry.list()) {
            out.printf(ROW, model.version(), model.status().code(), model.createdAt().truncatedTo(ChronoUnit.SECONDS),
                score(model.metric("accuracy")), score(model.metric("macro_f1")), String.join(",", model.labels()));
        }
    }

    private static String score(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
