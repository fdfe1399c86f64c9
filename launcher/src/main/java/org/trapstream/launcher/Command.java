package org.trapstream.launcher;

import java.util.List;
import java.util.Optional;

import static org.trapstream.common.config.TrapstreamConfig.DEMO_DATASET;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_CLASSIFIER;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_DASHBOARD;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_DEMO;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_GENERAL;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_HTTP;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_IMAGES;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_KAFKA;
import static org.trapstream.common.config.TrapstreamConfig.GROUP_TRAINER;
import static org.trapstream.common.config.TrapstreamConfig.HTTP_PORT;
import static org.trapstream.common.config.TrapstreamConfig.KAFKA_BOOTSTRAP_SERVERS;

/**
 * The subcommands of {@code trapstream}: what each does, which configuration groups its help lists, the
 * short flags it accepts, and whether it takes arguments of its own (the model commands parse theirs).
 */
enum Command {

    RUN("run", "[options]",
        "Everything in one process: an embedded Kafka broker (unless --kafka is given), all four roles, "
            + "the review page and a demo camera.",
        List.of(GROUP_GENERAL, GROUP_KAFKA, GROUP_HTTP, GROUP_IMAGES, GROUP_CLASSIFIER, GROUP_TRAINER,
            GROUP_DASHBOARD, GROUP_DEMO),
        List.of(Alias.KAFKA, Alias.PORT, Alias.DATASET), false),
    INGEST("ingest", "--kafka HOST:PORT [options]",
        "The ingest role alone: validates, de-duplicates and stores images from HTTP and the raw topic.",
        List.of(GROUP_GENERAL, GROUP_KAFKA, GROUP_HTTP, GROUP_IMAGES), List.of(Alias.KAFKA, Alias.PORT), false),
    CLASSIFIER("classifier", "--kafka HOST:PORT [options]",
        "The classifier role alone: classifies stored images in micro-batches with the promoted model.",
        List.of(GROUP_GENERAL, GROUP_KAFKA, GROUP_HTTP, GROUP_IMAGES, GROUP_CLASSIFIER),
        List.of(Alias.KAFKA, Alias.PORT), false),
    TRAINER("trainer", "--kafka HOST:PORT [options]",
        "The trainer role alone: collects labels, retrains and promotes better models.",
        List.of(GROUP_GENERAL, GROUP_KAFKA, GROUP_HTTP, GROUP_IMAGES, GROUP_TRAINER),
        List.of(Alias.KAFKA, Alias.PORT), false),
    DASHBOARD("dashboard", "--kafka HOST:PORT [options]",
        "The dashboard role alone: prediction lookups, the review queue and the labelling page.",
        // labeler.tokens (trainer group) decides who may post feedback here.
        List.of(GROUP_GENERAL, GROUP_KAFKA, GROUP_HTTP, GROUP_DASHBOARD, GROUP_TRAINER),
        List.of(Alias.KAFKA, Alias.PORT), false),
    TRAIN("train", "--data DIR [train options] [options]",
        "Trains a model on a folder dataset (one sub-folder per label) and saves it in the model registry.",
        List.of(GROUP_GENERAL, GROUP_IMAGES, GROUP_TRAINER), List.of(), true),
    TUNE("tune", "--data DIR [--budget 10m] [--trials N] [tune options] [options]",
        "Searches the seed CNN's learning rate, dropout, depth, width and dense size within a time budget "
            + "(random search, successive halving) and prints the best configuration.",
        List.of(GROUP_GENERAL, GROUP_IMAGES, GROUP_TRAINER), List.of(), true),
    LR_FIND("lr-find", "--data DIR [--min LR] [--max LR] [--iterations N] [--out FILE.png] [options]",
        "Learning-rate range test: trains briefly at growing rates, prints the loss per rate and a suggested "
            + "learning rate, and plots the curve.",
        List.of(GROUP_GENERAL, GROUP_IMAGES, GROUP_TRAINER), List.of(), true),
    EVALUATE("evaluate", "--data DIR [evaluate options] [options]",
        "Evaluates a model of the registry on a folder dataset: accuracy, macro-F1, confusion matrix.",
        List.of(GROUP_GENERAL, GROUP_IMAGES), List.of(), true),
    PREDICT("predict", "[predict options] [options] IMAGE...",
        "Classifies image files with a model of the registry and prints the top labels.",
        List.of(GROUP_GENERAL, GROUP_IMAGES, GROUP_CLASSIFIER), List.of(), true),
    MODELS("models", "list | promote VERSION [--kafka HOST:PORT] [options]",
        "Lists the versions in the model registry, or promotes one and announces it on camtrap.models "
            + "(the classifiers hot-swap to it; promoting an older version is a rollback).",
        List.of(GROUP_GENERAL, GROUP_KAFKA), List.of(Alias.KAFKA), true),
    LABELS("labels", "import --data DIR | import --coco FILE --images DIR | export --out FILE.csv [options]",
        "Imports labelled datasets into the label log (stop the trainer first), or exports the labels as CSV.",
        List.of(GROUP_GENERAL, GROUP_IMAGES), List.of(), true),
    CONFIG("config", "",
        "Prints every configuration key as a Markdown table (key, environment variable, type, default).",
        List.of(), List.of(), false);

    /** A short flag that stands for a configuration key. */
    enum Alias {
        KAFKA("--kafka", "HOST:PORT", KAFKA_BOOTSTRAP_SERVERS),
        PORT("--port", "PORT", HTTP_PORT),
        DATASET("--dataset", "DIR", DEMO_DATASET);

        final String flag;
        final String valueName;
        final String key;

        Alias(String flag, String valueName, String key) {
            this.flag = flag;
            this.valueName = valueName;
            this.key = key;
        }
    }

    final String word;
    final String synopsis;
    final String summary;
    final List<String> configGroups;
    final List<Alias> aliases;
    final boolean takesArguments;

    Command(String word, String synopsis, String summary, List<String> configGroups, List<Alias> aliases,
            boolean takesArguments) {
        this.word = word;
        this.synopsis = synopsis;
        this.summary = summary;
        this.configGroups = configGroups;
        this.aliases = aliases;
        this.takesArguments = takesArguments;
    }

    static Optional<Command> named(String word) {
        for (Command command : values()) {
            if (command.word.equals(word)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
