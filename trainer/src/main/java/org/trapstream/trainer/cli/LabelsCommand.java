package org.trapstream.trainer.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.trainer.dataset.CocoDataset;
import org.trapstream.trainer.dataset.ImportSummary;
import org.trapstream.trainer.dataset.LabelExporter;
import org.trapstream.trainer.dataset.LabelImporter;
import org.trapstream.trainer.dataset.Listing;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * {@code trapstream labels}: brings labelled datasets into the label log and writes the labels out again.
 * <pre>
 *   labels import --data DIR                 folder dataset: DIR/[train|test/]&lt;label&gt;/&lt;image&gt;
 *   labels import --coco FILE --images DIR   COCO Camera Traps JSON and its images folder
 *   labels export --out FILE.csv             image_id,label,labeler,labeled_at,split
 * </pre>
 * Imports store the images in the image store and append their labels (source {@code import:<dir>}); the
 * trainer counts them as new labels when it next starts. The label log is locked while a trainer runs, so
 * stop the trainer before importing; exporting works while it runs.
 */
public final class LabelsCommand {

    public static final String USAGE = """
        usage: trapstream labels import --data DIR
               trapstream labels import --coco FILE --images DIR
               trapstream labels export --out FILE.csv""";

    /** @return the process exit code: 0 done, 1 failed, 2 wrong usage */
    public static int run(TrapstreamConfig config, List<String> args, PrintStream out) {
        try {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("labels needs 'import' or 'export'");
            }
            Map<String, String> options = options(args.subList(1, args.size()));
            return switch (args.get(0)) {
                case "import" -> importLabels(config, options, out);
                case "export" -> exportLabels(config, options, out);
                default -> throw new IllegalArgumentException("unknown labels command '" + args.get(0) + "'");
            };
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(USAGE);
            return 2;
        } catch (RuntimeException e) {
            out.println("labels " + args.get(0) + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static int importLabels(TrapstreamConfig config, Map<String, String> options, PrintStream out) {
        Listing listing;
        Path source;
        if (options.keySet().equals(Set.of("--data"))) {
            source = Path.of(options.get("--data"));
            listing = Listing.ofFolders(source);
        } else if (options.keySet().equals(Set.of("--coco", "--images"))) {
            source = Path.of(options.get("--coco"));
            listing = CocoDataset.list(source, Path.of(options.get("--images")));
        } else {
            throw new IllegalArgumentException("import needs --data DIR, or --coco FILE with --images DIR");
        }
        ImportSummary summary;
        try (LabelStore labels = LabelStore.open(config.labelsDir())) {
            summary = new LabelImporter(new ImageStore(config.imageStoreDir()), labels, ImageLimits.from(config))
                .importAll(listing, "import:" + source.toAbsolutePath().normalize());
        }
        out.printf("Imported %d labels from %s into %s%n", summary.labelledTotal(), source, config.labelsDir());
        summary.labelled().forEach((label, count) -> out.printf("  %-32s %6d%n", label, count));
        if (summary.unchanged() > 0) {
            out.printf("Unchanged (already labelled the same): %d%n", summary.unchanged());
        }
        summary.skipped().forEach((reason, count) -> out.printf("Skipped %s: %d%n", reason, count));
        return 0;
    }

    private static int exportLabels(TrapstreamConfig config, Map<String, String> options, PrintStream out) {
        if (!options.keySet().equals(Set.of("--out"))) {
            throw new IllegalArgumentException("export needs --out FILE.csv");
        }
        Path target = Path.of(options.get("--out"));
        LabelSnapshot snapshot = LabelStore.readSnapshot(config.labelsDir());
        LabelExporter.write(snapshot, SplitAssigner.from(config), target);
        out.printf("Exported %d labels (%d classes, snapshot %s) to %s%n", snapshot.size(),
            snapshot.classCounts().size(), snapshot.id().substring(0, 12), target);
        return 0;
    }

    /** {@code --name value} pairs; every option takes exactly one value. */
    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!name.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option VALUE at '" + name + "'");
            }
            if (options.put(name, args.get(i + 1)) != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
        }
        return options;
    }

    private LabelsCommand() {
    }
}
