package org.trapstream.trainer.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.cli.CommandGroup;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.dataset.CocoDataset;
import org.trapstream.trainer.dataset.ImportSummary;
import org.trapstream.trainer.dataset.LabelExporter;
import org.trapstream.trainer.dataset.LabelImporter;
import org.trapstream.trainer.dataset.Listing;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.labels.SplitAssigner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code labels}: brings labelled datasets into the label log and writes the labels out again. Imports store the
 * images in the image store and append their labels (source {@code import:<dir>}); the trainer counts them as new
 * labels when it next starts. The label log is locked while a trainer runs, so stop the trainer before importing;
 * exporting works while it runs.
 */
@Command(name = "labels", description = "Imports labelled datasets into the label log (stop the trainer first), or "
    + "exports the labels as CSV.",
    subcommands = {LabelsCommand.Import.class, LabelsCommand.Export.class})
public final class LabelsCommand extends CommandGroup {

    @Command(name = "import", description = {"Imports a folder dataset or a COCO Camera Traps file into the label log.",
        "The images go to the image store, their labels to the log; images already labelled the same are left "
            + "alone. A summary per label goes to stdout."})
    static final class Import implements Callable<Integer> {

        /** The image store and the limits every image must pass, as ingest checks them. */
        private static final ConfigDef KEYS = ConfigDef.compose(GeneralSettings.DEFINITION, ImageSettings.DEFINITION);

        @Mixin
        private final CommandContext context = CommandContext.reading(KEYS);

        @ArgGroup(multiplicity = "1")
        private Source source;

        /** One dataset: a folder, or a COCO file with its images. */
        static final class Source {

            @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "A folder dataset: DIR/[train|test/]<label>/<image>.")
            private Path folder;

            @ArgGroup(exclusive = false, multiplicity = "1")
            private Coco coco;
        }

        static final class Coco {

            @Option(names = "--coco", required = true, paramLabel = "FILE",
                description = "A COCO Camera Traps JSON file.")
            private Path file;

            @Option(names = "--images", required = true, paramLabel = "DIR",
                description = "The folder its file names start in.")
            private Path images;
        }

        @Override
        public Integer call() {
            TrapstreamConfig config = context.config();
            Path from = source.folder != null ? source.folder : source.coco.file;
            Listing listing = source.folder != null
                ? Listing.ofFolders(from)
                : CocoDataset.list(from, source.coco.images);
            ImportSummary summary;
            try (LabelStore labels = LabelStore.open(config.labelsDir())) {
                summary = new LabelImporter(new ImageStore(config.imageStoreDir()), labels, ImageLimits.from(config))
                    .importAll(listing, "import:" + from.toAbsolutePath().normalize());
            }
            PrintStream out = context.out();
            out.printf("Imported %d labels from %s into %s%n", summary.labelledTotal(), from, config.labelsDir());
            summary.labelled().forEach((label, count) -> out.printf("  %-32s %6d%n", label, count));
            if (summary.unchanged() > 0) {
                out.printf("Unchanged (already labelled the same): %d%n", summary.unchanged());
            }
            summary.skipped().forEach((reason, count) -> out.printf("Skipped %s: %d%n", reason, count));
            return ExitCode.OK;
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
