package org.trapstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.serving.ImportManifest;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * The model every stage measures, saved and promoted in a registry of the benchmark's own exactly as the trainer
 * or {@code trapstream models import} would add it, so the classifier loads and verifies it like any other
 * version. One of:
 * <ul>
 *   <li>the default {@link SeedCnn} with random weights (training changes the weights, not the work per image);</li>
 *   <li>an imported ONNX network and its manifest ({@code --model}, {@code --manifest});</li>
 *   <li>the parity script's ResNet-50 ({@code --imported}): {@code reference_models.py export resnet50}, torchvision's
 *       architecture with seeded random weights, exported into the work folder.</li>
 * </ul>
 */
final class BenchModel {

    /** Six classes, as many as the bee dataset has; the count only changes the tiny output layer. */
    static final List<String> LABELS = List.of("buffalo", "elephant", "gazelle", "lion", "wildebeest", "zebra");
    private static final List<Double> MEAN = List.of(0.5, 0.5, 0.5);
    private static final List<Double> STD = List.of(0.25, 0.25, 0.25);
    private static final long SEED = 42;
    private static final String PARITY_ARCHITECTURE = "resnet50";
    // Generous: two busy cores can take a minute over a ResNet-50 export.
    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(5);

    /** The version that serves, and the ONNX file it was imported from, if it was. */
    record Promoted(ModelMetadata metadata, Optional<OnnxFile> imported) {}

    /** The network the command line chose. */
    sealed interface Choice permits Seed, OnnxFile, ParityResNet {
        /** Saves the network as a version of {@code registry} and promotes it; {@code work} is a scratch folder. */
        Promoted promote(ModelRegistry registry, Path work);
    }

    /** The seed CNN at this input side. */
    record Seed(int imageSize) implements Choice {
        @Override
        public Promoted promote(ModelRegistry registry, Path work) {
            ModelMetadata draft = ModelMetadata.draft(SeedCnn.DEFAULT.toJson(), LABELS, imageSize, MEAN, STD);
            ModelMetadata saved = registry.save(SeedCnn.DEFAULT.build(imageSize, LABELS.size(), 1e-3, SEED), draft);
            registry.promote(saved.version());
            return new Promoted(saved, Optional.empty());
        }
    }

    /** An ONNX network and its import manifest. */
    record OnnxFile(Path onnx, Path manifest) implements Choice {
        @Override
        public Promoted promote(ModelRegistry registry, Path work) {
            ModelMetadata draft;
            try {
                draft = ImportManifest.draft(new JsonObject(Files.readString(manifest)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the manifest " + manifest, e);
            }
            ModelMetadata saved = registry.importNetwork(onnx, draft);
            registry.promote(saved.version());
            return new Promoted(saved, Optional.of(this));
        }

        /** Where reference_models.py leaves the PyTorch weights an ONNX file was exported from: FILE.pt beside it. */
        Path pytorchWeights() {
            String name = onnx.getFileName().toString();
            return onnx.resolveSibling(name.replaceFirst("\\.onnx$", "") + ".pt");
        }
    }

    /**
     * The parity script's ResNet-50, exported into the work folder.
     *
     * @throws TorchScripts.Unavailable from {@link #promote} when the script cannot run here
     */
    record ParityResNet() implements Choice {
        @Override
        public Promoted promote(ModelRegistry registry, Path work) {
            Path dir = work.resolve("reference");
            TorchScripts.prepare(work).run(TorchScripts.REFERENCE_MODELS, EXPORT_TIMEOUT,
                List.of("export", PARITY_ARCHITECTURE, dir.toString()));
            return new OnnxFile(dir.resolve(PARITY_ARCHITECTURE + ".onnx"),
                dir.resolve(PARITY_ARCHITECTURE + ".manifest.json")).promote(registry, work);
        }
    }

    private BenchModel() {
    }
}
