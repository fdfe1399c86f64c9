package org.trapstream.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared datasets ({@code shared/datasets/}) beside the checkout, so tests read them where they are
 * and never copy images into the repository. The system property {@code trapstream.shared} names the folder
 * holding {@code datasets/}; without it, the first folder from the working directory upwards that holds
 * {@code shared/datasets} or {@code ../shared/datasets} is used (tests run with the module as working directory).
 */
public final class SharedDatasets {

    /** The system property naming the folder that holds {@code datasets/}. */
    public static final String PROPERTY = "trapstream.shared";

    /** Real honey-bee photos in {@code train/} and {@code test/}, one folder per subspecies. */
    public static final String HONEYBEE = "honeybee_subspecies";
    /** Camera-trap photos from Borneo in {@code train/} and {@code test/}, one folder per species. */
    public static final String BORNEO = "camera_trap_borneo_camtrapr";
    /** Full-size Serengeti camera-trap frames with EXIF capture times. */
    public static final String SERENGETI = "camera_trap_serengeti_sequence";

    private SharedDatasets() {
    }

    /** The dataset's folder (a name, or a path below {@code datasets/}), if it is there. */
    public static Optional<Path> find(String dataset) {
        return datasetsDir().map(dir -> dir.resolve(dataset)).filter(Files::isDirectory);
    }

    /**
     * The dataset's folder, or the calling test is skipped with a message naming where it was looked for. Call it
     * per test ({@code @BeforeEach} or in the test): surefire reports a skip in {@code @BeforeAll} without the message.
     */
    public static Path require(String dataset) {
        Optional<Path> dir = find(dataset);
        Assumptions.assumeTrue(dir.isPresent(), () -> "dataset " + dataset + " not found at " + lookedFor(dataset)
            + " (-D" + PROPERTY + "=DIR names the folder holding datasets/): skipping");
        return dir.get();
    }

    /**
     * A folder beside {@code datasets/} in the shared folder (e.g. {@code schemas/camtrap-dp-1.0.2}), or the calling
     * test is skipped with a message naming where it was looked for.
     */
    public static Path requireBeside(String folder) {
        Optional<Path> dir = datasetsDir().map(datasets -> datasets.resolveSibling(folder)).filter(Files::isDirectory);
        Assumptions.assumeTrue(dir.isPresent(), () -> "shared folder " + folder + " not found beside "
            + datasetsDir().map(Path::toString).orElse("shared/datasets") + " (-D" + PROPERTY
            + "=DIR names the shared folder): skipping");
        return dir.get();
    }

    private static String lookedFor(String dataset) {
        return datasetsDir().map(dir -> dir.resolve(dataset).toString())
            .orElse("shared/datasets/" + dataset + " or ../shared/datasets/" + dataset + " from "
                + Path.of("").toAbsolutePath() + " upwards");
    }

    private static Optional<Path> datasetsDir() {
        String override = System.getProperty(PROPERTY);
        if (override != null) {
            return Optional.of(Path.of(override, "datasets"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("shared/datasets"), dir.resolve("../shared/datasets")}) {
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        }
        return Optional.empty();
    }
}
