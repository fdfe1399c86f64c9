package org.trapstream.classifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/** Tiny untrained networks saved in a real registry: enough to serve, nothing to learn. */
final class TestModels {

    static final List<String> LABELS = List.of("apis_mellifera", "bombus", "vespa");
    static final int INPUT_SIZE = 32;
    private static final SeedCnn TINY = new SeedCnn(2, 4, 3, false, 0.0, 8, 0.0);

    private TestModels() {
    }

    /** Saves a randomly initialised network; different seeds give different weights and predictions. */
    static ModelMetadata save(ModelRegistry registry, long seed) {
        return save(registry, seed, UnaryOperator.identity());
    }

    /** {@link #save(ModelRegistry, long)}, with what {@code describe} adds to the draft (metrics, training data). */
    static ModelMetadata save(ModelRegistry registry, long seed, UnaryOperator<ModelMetadata> describe) {
        Backend.init();
        MultiLayerNetwork network = TINY.build(INPUT_SIZE, LABELS.size(), 1e-3, seed);
        return registry.save(network, describe.apply(ModelMetadata.draft(TINY.toJson(), LABELS, INPUT_SIZE,
            List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25))));
    }

    /** Flips a byte in the middle of a version's model file, as a bad disk or a bad copy would. */
    static void tamper(ModelRegistry registry, String version) throws Exception {
        Path file = registry.modelFile(registry.metadata(version));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
    }
}
