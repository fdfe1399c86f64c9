package org.trapstream.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared data folder ({@code shared/datasets/...}) next to the repository: the system property
 * {@code trapstream.shared} names it, else it is the first {@code shared/datasets} found walking up from the working
 * directory (the repository's own, or {@code ../shared} beside the repository).
 */
final class SharedData {

    static Optional<Path> datasets() {
        String override = System.getProperty("trapstream.shared");
        if (override != null) {
            return existing(Path.of(override).resolve("datasets"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Optional<Path> found = existing(dir.resolve("shared/datasets"));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> existing(Path dir) {
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    private SharedData() {
    }
}
