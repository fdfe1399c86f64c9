package org.trapstream.model.cli;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.model.ModelMetadata;
import org.trapstream.model.ModelRegistry;

/**
 * {@code models list} prints the registry's versions as a table; {@code models promote VERSION} makes a
 * version the one that serves (it writes {@code promoted.json}; classifiers learn of it from the registry or
 * from an announcement the caller publishes).
 */
public final class ModelsCommand {

    static final String USAGE = "models list [--model-dir DIR] | models promote VERSION [--model-dir DIR]\n"
        + "  --model-dir  the model registry (default: data.dir/models)";

    private static final String ROW = "%-8s %-10s %-20s %8s %8s  %s%n";

    private ModelsCommand() {
    }

    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        return CommandRunner.run(USAGE, Set.of("model-dir"), Set.of(), args, line -> {
            List<String> words = line.positionals();
            ModelRegistry registry = new ModelRegistry(line.path("model-dir", config.modelRegistryDir()));
            if (words.equals(List.of("list"))) {
                list(registry, out);
            } else if (words.size() == 2 && words.get(0).equals("promote")) {
                promote(registry, words.get(1));
                out.println("promoted " + words.get(1));
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
