package org.trapstream.model.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/**
 * Labelled images in the folder layout the seed tutorials and Keras' {@code image_dataset_from_directory} use:
 * {@code <class>/<image>}, or a parent holding {@code train/<class>/<image>} and {@code test/<class>/<image>}.
 * Labels are the sorted names of the class folders that hold at least one image. Hidden files and folders are
 * ignored, as is any file whose extension is not jpg, jpeg, png, gif or bmp. Images are listed in a fixed
 * order (label, then file name), so seeded splits are reproducible.
 *
 * @param labels every class of the dataset, sorted; a subset may hold all the images
 */
public record FolderDataset(Path source, List<String> labels, List<LabeledImage> images) {

    public static final String TRAIN_DIR = "train";
    public static final String TEST_DIR = "test";
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp");

    public FolderDataset {
        labels = List.copyOf(labels);
        images = List.copyOf(images);
    }

    /** A held-out part and the rest, as produced by {@link #split}. */
    public record Split(FolderDataset rest, FolderDataset heldOut) {
    }

    /** Reads {@code <class>/<image>} under {@code classesDir}. */
    public static FolderDataset scan(Path classesDir) {
        if (!Files.isDirectory(classesDir)) {
            throw new IllegalArgumentException("Not a dataset directory: " + classesDir);
        }
        Sites sites = Sites.near(classesDir);
        Map<String, List<LabeledImage>> byClass = new TreeMap<>();
        for (Path classDir : children(classesDir)) {
            if (Files.isDirectory(classDir) && !hidden(classDir)) {
                String label = classDir.getFileName().toString();
                List<LabeledImage> files = children(classDir).stream()
                    .filter(FolderDataset::isImageFile)
                    .map(file -> new LabeledImage(file, label, sites.siteOf(file)))
                    .toList();
                if (!files.isEmpty()) {
                    byClass.put(label, files);
                }
            }
        }
        return new FolderDataset(classesDir, List.copyOf(byClass.keySet()),
            byClass.values().stream().flatMap(List::stream).toList());
    }

    /** Whether {@code root} is a parent with a {@code train/} folder rather than a folder of classes. */
    public static boolean hasTrainTestSplit(Path root) {
        return Files.isDirectory(root.resolve(TRAIN_DIR));
    }

    /** The images to evaluate on: {@code root/test/} when it exists, else {@code root} itself. */
    public static FolderDataset evaluationSet(Path root) {
        Path test = root.resolve(TEST_DIR);
        return scan(Files.isDirectory(test) ? test : root);
    }

    /** At most {@code perClass} images of each class, a seeded random choice (file order follows capture). */
    public FolderDataset limitPerClass(int perClass, long seed) {
        Random random = new Random(seed);
        List<LabeledImage> kept = new ArrayList<>();
        byLabel().values().forEach(files -> {
            List<LabeledImage> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, random);
            kept.addAll(shuffled.subList(0, Math.min(perClass, shuffled.size())));
        });
        return new FolderDataset(source, labels, kept);
    }

    /**
     * Stratified split: from each class, a seeded random {@code fraction} (rounded, but never the class's last
     * image) goes to {@code heldOut}. Both parts keep this dataset's labels.
     */
    public Split split(double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("Split fraction must be in [0, 1): " + fraction);
        }
        Random random = new Random(seed);
        List<LabeledImage> rest = new ArrayList<>();
        List<LabeledImage> heldOut = new ArrayList<>();
        byLabel().values().forEach(files -> {
            List<LabeledImage> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, random);
            int held = (int) Math.min(Math.round(fraction * shuffled.size()), shuffled.size() - 1L);
            heldOut.addAll(shuffled.subList(0, held));
            rest.addAll(shuffled.subList(held, shuffled.size()));
        });
        return new Split(new FolderDataset(source, labels, rest), new FolderDataset(source, labels, heldOut));
    }

    /**
     * Whole sites held out: the sites in a seeded order, each added to {@code heldOut} while it holds fewer than
     * {@code fraction} of the images, skipping a site that would take it past twice that; at least one site on
     * each side. Both parts keep this dataset's labels, so a class seen only at a held-out site is one the model
     * has an output for but never learns, as at a new site.
     *
     * @throws IllegalArgumentException with fewer than two sites
     */
    public Split splitBySite(double fraction, long seed) {
        if (fraction <= 0 || fraction >= 1) {
            throw new IllegalArgumentException("Split fraction must be in (0, 1): " + fraction);
        }
        Map<String, List<LabeledImage>> bySite = new TreeMap<>();
        images.forEach(image -> bySite.computeIfAbsent(image.site(), s -> new ArrayList<>()).add(image));
        if (bySite.size() < 2) {
            throw new IllegalArgumentException("Splitting " + source + " by site needs two sites or more; it has "
                + bySite.keySet() + " (name each image's site in a " + Sites.LABELS_FILE + " location or station column)");
        }
        List<String> order = new ArrayList<>(bySite.keySet());
        Collections.shuffle(order, new Random(seed));
        double target = fraction * images.size();
        List<LabeledImage> heldOut = new ArrayList<>();
        List<LabeledImage> rest = new ArrayList<>();
        for (String site : order) {
            List<LabeledImage> siteImages = bySite.get(site);
            boolean lastLeft = rest.isEmpty() && order.indexOf(site) == order.size() - 1;
            boolean fits = heldOut.isEmpty() || heldOut.size() + siteImages.size() <= 2 * target;
            if (heldOut.size() < target && fits && !lastLeft) {
                heldOut.addAll(siteImages);
            } else {
                rest.addAll(siteImages);
            }
        }
        return new Split(new FolderDataset(source, labels, rest), new FolderDataset(source, labels, heldOut));
    }

    /** This dataset's images and {@code other}'s, under {@code source}, with the labels of both. */
    public FolderDataset with(FolderDataset other, Path source) {
        Set<String> allLabels = new TreeSet<>(labels);
        allLabels.addAll(other.labels);
        List<LabeledImage> all = new ArrayList<>(images);
        all.addAll(other.images);
        return new FolderDataset(source, List.copyOf(allLabels), all);
    }

    /** How metadata names one of its files: its path under {@link #source}, with {@code /} between folders. */
    public String relativeName(Path file) {
        return source.relativize(file).toString().replace(source.getFileSystem().getSeparator(), "/");
    }

    /** The sites of the images, each once, in order. */
    public List<String> sites() {
        return images.stream().map(LabeledImage::site).distinct().sorted().toList();
    }

    /** Image count per label, for every label (zero included), in label order. */
    public Map<String, Integer> countsPerClass() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels.forEach(label -> counts.put(label, 0));
        images.forEach(image -> counts.merge(image.label(), 1, Integer::sum));
        return counts;
    }

    /** {@code {"source", "images", "per_class": {label: count}, "per_site": {site: count}}} for metadata and logs. */
    public JsonObject summary() {
        JsonObject perSite = new JsonObject();
        images.forEach(image -> perSite.put(image.site(), perSite.getInteger(image.site(), 0) + 1));
        return new JsonObject()
            .put("source", source.toString())
            .put("images", images.size())
            .put("per_class", new JsonObject(new LinkedHashMap<String, Object>(countsPerClass())))
            .put("per_site", perSite);
    }

    private Map<String, List<LabeledImage>> byLabel() {
        Map<String, List<LabeledImage>> byLabel = new TreeMap<>();
        images.forEach(image -> byLabel.computeIfAbsent(image.label(), l -> new ArrayList<>()).add(image));
        return byLabel;
    }

    private static boolean isImageFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !hidden(file) && dot > 0 && Files.isRegularFile(file)
            && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }
}
