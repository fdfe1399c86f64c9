package org.trapstream.bench;

import java.nio.file.Path;
import java.util.List;

import org.trapstream.model.arch.SeedCnn;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * The model every stage measures: the default {@link SeedCnn} with random weights (training changes the
 * weights, not the work per image), saved and promoted in a registry of its own exactly as the trainer would,
 * so the classifier loads and verifies it like any other version.
 */
final class BenchModel {

    /** Six classes, as many as the bee dataset has; the count only changes the tiny output layer. */
    static final List<String> LABELS = List.of("buffalo", "elephant", "gazelle", "lion", "wildebeest", "zebra");
    private static final List<Double> MEAN = List.of(0.5, 0.5, 0.5);
    private static final List<Double> STD = List.of(0.25, 0.25, 0.25);
    private static final long SEED = 42;

    /** Saves and promotes the model in {@code registryDir}; returns its metadata. */
    static ModelMetadata promote(Path registryDir, int imageSize) {
        ModelRegistry registry = new ModelRegistry(registryDir);
        ModelMetadata draft = ModelMetadata.draft(SeedCnn.DEFAULT.toJson(), LABELS, imageSize, MEAN, STD);
        ModelMetadata saved = registry.save(SeedCnn.DEFAULT.build(imageSize, LABELS.size(), 1e-3, SEED), draft);
        registry.promote(saved.version());
        return saved;
    }

    private BenchModel() {
    }
}
