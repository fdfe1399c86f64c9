package org.trapstream.trainer.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.cli.CommandGroup;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.exchange.MegaDetectorResults;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.dataset.CocoDataset;
import org.trapstream.trainer.dataset.DatasetImages;
import org.trapstream.trainer.dataset.ImportSummary;
import org.trapstream.trainer.dataset.LabelExporter;
import org.trapstream.trainer.dataset.LabelImporter;
import org.trapstream.trainer.dataset.Listing;
import org.trapstream.trainer.dataset.MegaDetectorImport;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.labels.SplitAssigner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import static org.trapstream.common.config.KafkaSettings.KAFKA_BOOTSTRAP_SERVERS;

/**
 * {@code labels}: brings labelled datasets into the label log and writes the labels out again. Imports store the
 * images in the image store and append their labels (source {@code import:<dir>}); the trainer counts them as new
 * labels when it next starts. The label log is locked while a trainer runs, so stop the trainer before importing;
 * exporting, and importing another tool's classifications for review, work while it runs.
 */
@Command(name = "labels", description = "Imports labelled datasets into the label log (stop the trainer first), or "
    + "exports the labels as CSV.",
    subcommands = {LabelsCommand.Import.class, LabelsCommand.Export.class})
public final class LabelsCommand extends CommandGroup {

    @Command(name = "import", description = {"Imports a folder dataset, a COCO Camera Traps file, or another tool's "
        + "classifications in a MegaDetector results file.",
        "The images go to the image store, their labels to the log (stop the trainer first); images already "
            + "labelled the same are left alone. A MegaDetector file's classifications may instead go to "
            + Topics.REVIEW + " for labelers to confirm (--as predictions, reason " + Prediction.Review.IMPORTED
            + "; the trainer may run). A file that does not hold is refused whole (exit 1). A summary goes to stdout."})
    static final class Import implements Callable<Integer> {

        /** The image store and the limits every image must pass, as ingest checks them; Kafka for review items. */
        private static final ConfigDef KEYS = ConfigDef.compose(GeneralSettings.DEFINITION, ImageSettings.DEFINITION,
            KafkaSettings.DEFINITION);

        /** Where a MegaDetector file's classifications go. */
        enum Target { labels, predictions }

        @Mixin
        private final CommandContext context = CommandContext.reading(KEYS)
            .alias("--kafka", KAFKA_BOOTSTRAP_SERVERS, "HOST:PORT");

        @Spec
        private CommandSpec spec;

        @ArgGroup(multiplicity = "1")
        private Source source;

        /** One dataset: a folder, a COCO file, or a MegaDetector results file. */
        static final class Source {

            @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "A folder dataset: DIR/[train|test/]<label>/<image>.")
            private Path folder;

            @Option(names = "--coco", required = true, paramLabel = "FILE",
                description = "A COCO Camera Traps JSON file; its location, datetime, seq_id, frame_num and "
                    + "seq_num_frames go with each label.")
            private Path coco;

            @Option(names = "--megadetector", required = true, paramLabel = "FILE",
                description = "A MegaDetector results file (format 1.3 to " + MegaDetectorResults.FORMAT_VERSION
                    + ", e.g. from MegaDetector with a classifier, SpeciesNet or AddaxAI), each image labelled with "
                    + "the top classification of its most confident detection; or SpeciesNet's predictions.json, "
                    + "each image labelled with the ensemble's prediction. By the tool the file names.")
            private Path megadetector;
        }

        @Option(names = "--images", paramLabel = "DIR",
            description = "The folder the file names of --coco or --megadetector start in.")
        private Path images;

        @Option(names = "--as", paramLabel = "TARGET", defaultValue = "labels",
            description = "With --megadetector: labels (to the label log) or predictions (to " + Topics.REVIEW
                + "; needs --kafka). Default: ${DEFAULT-VALUE}.")
        private Target target;

        @Option(names = "--threshold", paramLabel = "CONF",
            description = "With --megadetector: the least detection confidence that counts (default: the file's "
                + "typical_detection_threshold, else " + MegaDetectorImport.DEFAULT_THRESHOLD + ").")
        private Double threshold;

        @Option(names = "--blank-label", paramLabel = "LABEL", defaultValue = "empty",
            description = "With --megadetector: the label of an image without a detection (default: ${DEFAULT-VALUE}).")
        private String blankLabel;

        @Override
        public Integer call() {
            checkOptions();
            TrapstreamConfig config = context.config();
            if (source.megadetector != null) {
                MegaDetectorImport results = MegaDetectorImport.read(source.megadetector, images, blankLabel, threshold);
                if (target == Target.predictions) {
                    ReviewImport.Result sent = ReviewImport.publish(config, results,
                        new DatasetImages(new ImageStore(config.imageStoreDir()), ImageLimits.from(config)));
                    context.out().printf("Published %d predictions of %s from %s to %s for review%n", sent.published(),
                        results.tool(), source.megadetector, Topics.REVIEW);
                    printSkipped(sent.skipped());
                    return ExitCode.OK;
                }
                return importLabels(config, results.listing(), source.megadetector, results.tool());
            }
            Path from = source.folder != null ? source.folder : source.coco;
            Listing listing = source.folder != null ? Listing.ofFolders(from) : CocoDataset.list(from, images);
            return importLabels(config, listing, from, LabelImporter.LABELER);
        }

        private void checkOptions() {
            if (source.folder == null && images == null) {
                throw new ParameterException(spec.commandLine(), "Missing required option: --images=DIR (where the "
                    + "file names of " + (source.coco != null ? "--coco" : "--megadetector") + " start)");
            }
            if (source.megadetector == null && (spec.commandLine().getParseResult().hasMatchedOption("--as")
                || threshold != null || spec.commandLine().getParseResult().hasMatchedOption("--blank-label"))) {
                throw new ParameterException(spec.commandLine(), "--as, --threshold and --blank-label go with "
                    + "--megadetector");
            }
            if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
                throw new ParameterException(spec.commandLine(), "--threshold must be from 0 to 1");
            }
            if (target == Target.predictions && context.config().getString(KAFKA_BOOTSTRAP_SERVERS).isBlank()) {
                throw new ParameterException(spec.commandLine(), "--as predictions publishes to " + Topics.REVIEW
                    + ": give Kafka (--kafka HOST:PORT or " + KAFKA_BOOTSTRAP_SERVERS + ")");
            }
        }

        private int importLabels(TrapstreamConfig config, Listing listing, Path from, String labeler) {
            ImportSummary summary;
            try (LabelStore labels = LabelStore.open(config.labelsDir())) {
                summary = new LabelImporter(new ImageStore(config.imageStoreDir()), labels, ImageLimits.from(config))
                    .importAll(listing, "import:" + from.toAbsolutePath().normalize(), labeler);
            }
            PrintStream out = context.out();
            out.printf("Imported %d labels from %s into %s%n", summary.labelledTotal(), from, config.labelsDir());
            summary.labelled().forEach((label, count) -> out.printf("  %-32s %6d%n", label, count));
            if (summary.unchanged() > 0) {
                out.printf("Unchanged (already labelled the same): %d%n", summary.unchanged());
            }
            printSkipped(summary.skipped());
            return ExitCode.OK;
        }

        private void printSkipped(Map<String, Integer> skipped) {
            skipped.forEach((reason, count) -> context.out().printf("Skipped %s: %d%n", reason, count));
        }
    }

    @Command(name = "export",
        description = "Writes the current labels as CSV: image_id,label,labeler,labeled_at,split.")
    static final class Export implements Callable<Integer> {

        /** The trainer's keys decide each image's split. */
        @Mixin
        private final CommandContext context = CommandContext.reading(TrainerConfig.DEFINITION);

        @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "The CSV file to write.")
        private Path target;

        @Override
        public Integer call() {
            TrapstreamConfig config = context.config();
            LabelSnapshot snapshot = LabelStore.readSnapshot(config.labelsDir());
            LabelExporter.write(snapshot, SplitAssigner.from(config), target);
            context.out().printf("Exported %d labels (%d classes, snapshot %s) to %s%n", snapshot.size(),
                snapshot.classCounts().size(), snapshot.id().substring(0, 12), target);
            return ExitCode.OK;
        }
    }
}
