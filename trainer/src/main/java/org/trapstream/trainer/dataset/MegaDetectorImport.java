package org.trapstream.trainer.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.Prediction.LabelScore;
import org.trapstream.exchange.MegaDetectorResults;
import org.trapstream.exchange.MegaDetectorResults.Detection;
import org.trapstream.exchange.SpeciesNetPredictions;
import org.trapstream.model.data.LabeledImage;

/**
 * What a MegaDetector results file (from MegaDetector, SpeciesNet's converter, AddaxAI or Trapstream's own export),
 * or a SpeciesNet {@code predictions.json}, says each of its images shows, with the files in the images folder its
 * file names start in. A SpeciesNet image shows the ensemble's prediction by its common name ({@code blank} read as
 * the blank class), scored with the classifier's top classes; the tool is {@code SpeciesNet <model version>}.
 *
 * <p>An image shows what its most confident detection at or above the threshold is: that detection's most
 * confident classification, or, when it has none, its detection category ({@code animal}, {@code person},
 * {@code vehicle}). An image with no detection at or above the threshold shows nothing: the blank class, at one
 * minus its strongest detection's confidence. The threshold is the caller's, else the file's
 * {@code typical_detection_threshold}, else {@value #DEFAULT_THRESHOLD}. Images the tool failed on, and files that
 * are not in the images folder, are left out and counted. An image's camera is the folder it is in
 * ({@code <camera>/<file>}, as Trapstream's export names them) when that is a camera id, else unknown.
 *
 * @param tool who classified the images: the file's {@code classifier}, else its {@code detector}
 */
public record MegaDetectorImport(String tool, List<Found> images, Map<String, Integer> skipped) {

    public static final double DEFAULT_THRESHOLD = 0.2;
    static final String UNKNOWN_TOOL = "MegaDetector";
    static final String SPECIESNET = "SpeciesNet";

    /** An image file, what it shows with what confidence, the classes it was scored for, and its camera. */
    public record Found(Path file, String label, double confidence, List<LabelScore> scores, String camera) {
    }

    /**
     * Reads and checks the whole file first: {@link IllegalArgumentException} names the first problem, and then
     * nothing of it is taken.
     *
     * @param threshold null for the file's recommendation
     */
    public static MegaDetectorImport read(Path json, Path imagesDir, String blankLabel, Double threshold) {
        try {
            JsonObject root = MegaDetectorResults.json(Files.readString(json));
            if (SpeciesNetPredictions.isPredictionsFile(root)) {
                return fromSpeciesNet(SpeciesNetPredictions.parse(root), imagesDir, blankLabel);
            }
            return fromMegaDetector(MegaDetectorResults.parse(root), imagesDir, blankLabel, threshold);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + json, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(json + " is not a MegaDetector results file (nor SpeciesNet "
                + "predictions): " + e.getMessage(), e);
        }
    }

    private static MegaDetectorImport fromMegaDetector(MegaDetectorResults results, Path imagesDir,
                                                       String blankLabel, Double threshold) {
        double cut = threshold != null ? threshold : results.typicalDetectionThreshold().orElse(DEFAULT_THRESHOLD);
        Map<String, Integer> skipped = new TreeMap<>();
        List<Found> found = new ArrayList<>();
        for (MegaDetectorResults.Image image : results.images()) {
            located(imagesDir, image.file(), image.failure() != null, skipped)
                .ifPresent(file -> found.add(shows(file, image, results, cut, blankLabel)));
        }
        return new MegaDetectorImport(tool(results), List.copyOf(found), skipped);
    }

    private static MegaDetectorImport fromSpeciesNet(SpeciesNetPredictions predictions, Path imagesDir,
                                                     String blankLabel) {
        Map<String, Integer> skipped = new TreeMap<>();
        List<Found> found = new ArrayList<>();
        for (SpeciesNetPredictions.Image image : predictions.images()) {
            located(imagesDir, image.filepath(), image.failed(), skipped).ifPresent(file -> {
                String label = blankAs(image.prediction(), blankLabel);
                Map<String, Double> scores = new LinkedHashMap<>();
                scores.put(label, image.score());
                image.classifications().forEach(c -> scores.putIfAbsent(blankAs(c.name(), blankLabel), c.score()));
                found.add(new Found(file, label, image.score(), scores(scores), camera(file)));
            });
        }
        String version = predictions.images().stream().map(SpeciesNetPredictions.Image::modelVersion)
            .filter(v -> v != null && !v.isBlank()).findFirst().map(v -> " " + v.strip()).orElse("");
        return new MegaDetectorImport(SPECIESNET + version, List.copyOf(found), skipped);
    }

    /** The image's file in the images folder; empty (and counted) when the tool failed on it or it is not there. */
    private static Optional<Path> located(Path imagesDir, String name, boolean failed, Map<String, Integer> skipped) {
        Path root = imagesDir.toAbsolutePath().normalize();
        Path file = root.resolve(name.replace('\\', '/')).normalize();
        if (failed) {
            skipped.merge("failed_in_results", 1, Integer::sum);
        } else if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            skipped.merge("missing_file", 1, Integer::sum);
        } else {
            return Optional.of(file);
        }
        return Optional.empty();
    }

    private static String blankAs(String name, String blankLabel) {
        return name.equals(SpeciesNetPredictions.BLANK) ? blankLabel : name;
    }

    private static List<LabelScore> scores(Map<String, Double> scores) {
        return scores.entrySet().stream().map(score -> new LabelScore(score.getKey(), score.getValue())).toList();
    }

    private static String camera(Path file) {
        return Optional.ofNullable(file.getParent()).map(Path::getFileName).map(Path::toString)
            .filter(CameraId::isValid).orElse(LabeledImage.UNKNOWN_SITE);
    }

    /** The images as a labelled dataset, each labelled with what it shows, its camera as its site. */
    public Listing listing() {
        return new Listing(images.stream()
            .map(image -> Listing.Entry.of(new LabeledImage(image.file(), image.label(), image.camera())))
            .toList(), skipped);
    }

    private static Found shows(Path file, MegaDetectorResults.Image image, MegaDetectorResults results, double cut,
                               String blankLabel) {
        String camera = camera(file);
        Optional<Detection> strongest = MegaDetectorResults.strongest(image, cut);
        if (strongest.isEmpty()) {
            double conf = image.detections().stream().mapToDouble(Detection::conf).max().orElse(0);
            return new Found(file, blankLabel, 1 - conf, List.of(new LabelScore(blankLabel, 1 - conf)), camera);
        }
        Detection detection = strongest.get();
        if (detection.classifications().isEmpty()) {
            String category = results.detectionCategories().get(detection.category());
            return new Found(file, category, detection.conf(), List.of(new LabelScore(category, detection.conf())),
                camera);
        }
        Map<String, Double> scores = new LinkedHashMap<>(); // names need not be unique: the first, highest, counts
        detection.classifications().forEach(c ->
            scores.putIfAbsent(results.classificationCategories().get(c.category()), c.conf()));
        List<LabelScore> ranked = scores(scores);
        return new Found(file, ranked.get(0).label(), ranked.get(0).confidence(), ranked, camera);
    }

    private static String tool(MegaDetectorResults results) {
        for (String field : List.of("classifier", "detector")) {
            if (results.info().getValue(field) instanceof String name && !name.isBlank()) {
                return name.strip();
            }
        }
        return UNKNOWN_TOOL;
    }
}
