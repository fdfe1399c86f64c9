package org.trapstream.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/** The images the demo camera replays: a folder dataset's test split, or the whole dataset if it has none. */
final class DemoImages {

    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    /** The folder the camera reads: {@code <dataset>/test} when present, so the bootstrap model has not seen them. */
    static Path source(Path dataset) {
        Path test = dataset.resolve("test");
        return Files.isDirectory(test) ? test : dataset;
    }

    /**
     * Every image file under {@link #source}, in a fixed shuffled order so the labels interleave instead of
     * arriving one class folder after another. Empty when the dataset does not exist.
     */
    static List<Path> list(Path dataset) {
        if (!Files.isDirectory(dataset)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(source(dataset))) {
            List<Path> images = new ArrayList<>(files.filter(Files::isRegularFile).filter(DemoImages::isImage)
                .sorted().toList());
            Collections.shuffle(images, new Random(42));
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the demo images in " + dataset, e);
        }
    }

    static String contentType(Path image) {
        return image.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private DemoImages() {
    }
}
