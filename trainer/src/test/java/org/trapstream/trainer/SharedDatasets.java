package org.trapstream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds the shared datasets ({@code shared/datasets}) next to the repository without copying them: the system
 * property {@code trapstream.shared} names the shared folder, else the tests walk up from the working
 * directory until a {@code shared/datasets} or {@code ../shared/datasets} turns up.
 */
public final class SharedDatasets {

    public static final String HONEYBEE = "honeybee_subspecies";

    /**
     * The dataset folder, or the test is skipped with a message saying what is missing. Call it per test
     * ({@code @BeforeEach}): surefire reports a skip in {@code @BeforeAll} as no tests at all, without the message.
     */
    public static Path require(String name) {
        Optional<Path> dir = find(name);
        assumeTrue(dir.isPresent(), "Dataset " + name + " not found under shared/datasets (set -Dtrapstream.shared=DIR "
            + "to the folder holding datasets/): skipping");
        return dir.get();
    }

    public static Optional<Path> find(String name) {
        return datasetsDir().map(d -> d.resolve(name)).filter(Files::isDirectory);
    }

    private static Optional<Path> datasetsDir() {
        String property = System.getProperty("trapstream.shared");
        if (property != null) {
            return Optional.of(Path.of(property, "datasets"));
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

    private SharedDatasets() {
    }
}
