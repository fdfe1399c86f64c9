package org.trapstream.trainer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.cli.CommandGroup;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.LabelName;
import org.trapstream.exchange.CamtrapDp;
import org.trapstream.exchange.Deployments;
import org.trapstream.exchange.MegaDetectorResults;
import org.trapstream.trainer.export.CamtrapDpExport;
import org.trapstream.trainer.export.CocoExport;
import org.trapstream.trainer.export.MegaDetectorExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import static org.trapstream.common.config.KafkaSettings.KAFKA_BOOTSTRAP_SERVERS;

/** {@code export}: what Trapstream classified, in the field's exchange formats. */
@Command(name = "export", description = "Exports the classified images in an exchange format (Camtrap DP, "
    + "MegaDetector, COCO Camera Traps).",
    subcommands = {ExportCommand.CamtrapDpPackage.class, ExportCommand.MegaDetector.class, ExportCommand.Coco.class})
public final class ExportCommand extends CommandGroup {

    /** What every export reads: the image store, the label log and Kafka. */
    private static final ConfigDef KEYS = ConfigDef.compose(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION);

    /** The capture times an export takes in. */
    static final class Window {

        @Option(names = "--from", paramLabel = "T",
            description = "Only images captured at or after T (ISO-8601 instant, e.g. 2024-05-01T00:00:00Z).")
        private Instant from;

        @Option(names = "--to", paramLabel = "T", description = "Only images captured before T.")
        private Instant to;

        void check(CommandSpec spec) {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new ParameterException(spec.commandLine(), "--from must be before --to");
            }
        }
    }

    /** An export into one file, with the images beside it on request. */
    abstract static class FileExport implements Callable<Integer> {

        @Mixin
        final CommandContext context = CommandContext.reading(KEYS)
            .alias("--kafka", KAFKA_BOOTSTRAP_SERVERS, "HOST:PORT");

        @Spec
        CommandSpec spec;

        @Mixin
        Window window;

        @Option(names = "--out", required = true, paramLabel = "FILE.json",
            description = "The file to write (replaced whole, never left half written).")
        Path out;

        @Option(names = "--images", paramLabel = "DIR",
            description = "Also copy the images here, under the file names the file gives them "
                + "(<camera id>/<image id>.<ext>).")
        Path images;

        @Option(names = "--blank-label", paramLabel = "LABEL", defaultValue = "empty",
            description = "The class that means no animal (default: ${DEFAULT-VALUE}).")
        String blankLabel;

        @Override
        public Integer call() {
            window.check(spec);
            Map<String, Integer> skipped = export(context.config());
            skipped.forEach((reason, count) -> context.err().printf("Left out (%s): %d%n", reason, count));
            return ExitCode.OK;
        }

        /** Writes the file, prints what it holds; the images left out, by reason. */
        abstract Map<String, Integer> export(TrapstreamConfig config);
    }

    @Command(name = "megadetector", description = {
        "Writes the classified images as a MegaDetector results file (format " + MegaDetectorResults.FORMAT_VERSION
            + "), which Timelapse and AddaxAI read.",
        "Trapstream classifies whole images: an image it found something in has one detection covering the whole "
            + "image (conf: the probability it is not blank) carrying the model's top classes, or a person's label at "
            + "confidence 1; a blank image has no detections. Reads camtrap.predictions and camtrap.images from the "
            + "beginning, and the label log."})
    static final class MegaDetector extends FileExport {

        @Override
        Map<String, Integer> export(TrapstreamConfig config) {
            MegaDetectorExport.Result result = MegaDetectorExport.write(config,
                new MegaDetectorExport.Options(out, images, window.from, window.to, blankLabel));
            context.out().printf("Exported %d images to %s%n", result.images(), out);
            return result.skipped();
        }
    }

    @Command(name = "coco", description = {
        "Writes the classified images as a COCO Camera Traps file: images (file name, size, location = camera, "
            + "datetime, and seq_id, seq_num_frames, frame_num where an imported dataset gave them), categories, "
            + "and one annotation per image, a person's label winning over the model's prediction.",
        "Reads camtrap.predictions and camtrap.images from the beginning, and the label log."})
    static final class Coco extends FileExport {

        @Override
        Map<String, Integer> export(TrapstreamConfig config) {
            CocoExport.Result result = CocoExport.write(config,
                new CocoExport.Options(out, images, window.from, window.to, blankLabel));
            context.out().printf("Exported %d images with %d annotations to %s%n", result.images(),
                result.annotations(), out);
            return result.skipped();
        }
    }

    @Command(name = "camtrap-dp", description = {
        "Writes a Camtrap DP " + CamtrapDp.VERSION + " package of the classified images: datapackage.json, "
            + "deployments.csv, media.csv with the images under media/, and observations.csv (one media-based "
            + "observation per image and one event-based observation per event, people's labels winning over the "
            + "model's).",
        "Reads camtrap.predictions, camtrap.images and camtrap.events from the beginning, and the label log. Images "
            + "and events whose camera has no deployment at their capture time are left out and counted on stderr. "
            + "The package is validated once written; a summary goes to stdout, validation errors to stderr "
            + "(exit 1)."})
    static final class CamtrapDpPackage implements Callable<Integer> {

        @Mixin
        private final CommandContext context = CommandContext.reading(KEYS)
            .alias("--kafka", KAFKA_BOOTSTRAP_SERVERS, "HOST:PORT");

        @Spec
        private CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The package's folder: created, or empty.")
        private Path out;

        @Option(names = "--deployments", required = true, paramLabel = "FILE",
            description = "The operators' deployments, a Camtrap DP deployments.csv whose cameraID is the camera "
                + "id images carry; deploymentStart's UTC offset is the camera clock's.")
        private Path deployments;

        @Option(names = "--metadata", required = true, paramLabel = "FILE",
            description = "JSON with the package's metadata (title, project, contributors, licenses, ...); the "
                + "export adds resources, profile, created, spatial, temporal and taxonomic.")
        private Path metadata;

        @Mixin
        private Window window;

        @Option(names = "--blank-label", paramLabel = "LABEL", defaultValue = LabelName.EMPTY,
            description = "The class that means no animal, exported as observationType blank (default: ${DEFAULT-VALUE}).")
        private String blankLabel;

        @Option(names = "--camera-clock-times",
            description = "Capture times are camera clock readings without offset (EXIF), which ingest took as UTC: "
                + "read them in each deployment's clock offset instead.")
        private boolean cameraClockTimes;

        @Override
        public Integer call() {
            window.check(spec);
            requireEmpty(out);
            CamtrapDpExport.Result result = CamtrapDpExport.write(context.config(), new CamtrapDpExport.Options(out,
                Deployments.read(deployments), readMetadata(metadata), window.from, window.to, blankLabel,
                cameraClockTimes));
            PrintStream err = context.err();
            result.skipped().forEach((reason, count) -> err.printf("Left out (%s): %d%n", reason, count));
            result.errors().forEach(error -> err.println("invalid: " + error));
            context.out().printf("Exported %d media and %d events to %s%n", result.media(), result.events(), out);
            if (!result.errors().isEmpty()) {
                err.printf("error: the package in %s does not validate as Camtrap DP %s (%d errors above)%n", out,
                    CamtrapDp.VERSION, result.errors().size());
                return ExitCode.SOFTWARE;
            }
            return ExitCode.OK;
        }

        private void requireEmpty(Path dir) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new ParameterException(spec.commandLine(), "--out " + dir + " is not empty");
                }
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--out " + dir + " is not a folder: " + e.getMessage());
            }
        }

        private JsonObject readMetadata(Path file) {
            try {
                return new JsonObject(Files.readString(file));
            } catch (DecodeException e) {
                throw new ParameterException(spec.commandLine(), "--metadata " + file + " is not a JSON object: "
                    + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read --metadata " + file, e);
            }
        }
    }
}
