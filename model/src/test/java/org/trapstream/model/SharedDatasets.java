package org.trapstream.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds {@code shared/datasets} for tests: the system property {@code trapstream.shared} (the folder that
 * holds {@code datasets}), else the first ancestor of the working directory with {@code shared/datasets} or
 * {@code ../shared/datasets}.
 */
public final class SharedDatasets {

    private SharedDatasets() {
    }

    /** The honeybee set, or the test is skipped with a message saying where it was looked for. */
    public static Path honeybee() {
        Path dir = datasetsDir().map(d -> d.resolve("honeybee_subspecies")).orElse(null);
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("train")), "honeybee_subspecies dataset not found at "
            + (dir != null ? dir : "shared/datasets above " + Path.of("").toAbsolutePath())
            + " (-Dtrapstream.shared=DIR points elsewhere): skipping");
        return dir;
    }

    private static Optional<Path> datasetsDir() {
        String override = System.getProperty("trapstream.shared");
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
