package org.trapstream.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code shared/datasets/} beside the checkout (system property {@code trapstream.shared} overrides),
 * and skips the calling test with a message that says so when it is absent.
 */
final class SharedDatasets {

    static Path require(String name) {
        Optional<Path> dir = locate().map(d -> d.resolve(name)).filter(Files::isDirectory);
        Assumptions.assumeTrue(dir.isPresent(),
            "skipped: dataset " + name + " not found beside the checkout (../shared/datasets/" + name + ")");
        return dir.get();
    }

    private static Optional<Path> locate() {
        String override = System.getProperty("trapstream.shared");
        if (override != null) {
            return Optional.of(Path.of(override).resolve("datasets"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("shared/datasets"), dir.resolveSibling("shared/datasets")}) {
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private SharedDatasets() {
    }
}
