package org.trapstream.common.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds /work/shared/datasets-style data next to the repository: the system property
 * {@code trapstream.shared} names the shared directory, otherwise the nearest ancestor of the working
 * directory holding {@code shared/datasets} is used.
 */
final class SharedDatasets {

    static Optional<Path> dataset(String name) {
        return datasetsRoot().map(root -> root.resolve(name)).filter(Files::isDirectory);
    }

    private static Optional<Path> datasetsRoot() {
        String configured = System.getProperty("trapstream.shared");
        if (configured != null) {
            return Optional.of(Path.of(configured).resolve("datasets"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private SharedDatasets() {
    }
}
