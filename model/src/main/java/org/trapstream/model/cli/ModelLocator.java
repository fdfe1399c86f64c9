package org.trapstream.model.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * Finds the model a command means by {@code --model-dir} (and {@code --version}): either one version's
 * directory (it holds {@code metadata.json}) or a registry root, where the promoted version serves unless a
 * version is named, and the newest one when none is promoted.
 */
final class ModelLocator {

    private ModelLocator() {
    }

    static LoadedModel load(Path modelDir, Optional<String> version) throws UsageException {
        if (Files.isRegularFile(modelDir.resolve(ModelRegistry.METADATA_FILE))) {
            Path versionDir = modelDir.toAbsolutePath().normalize();
            String name = versionDir.getFileName().toString();
            if (version.isPresent() && !version.get().equals(name)) {
                throw new UsageException("--version " + version.get() + " names another version than the directory "
                    + modelDir);
            }
            return new ModelRegistry(versionDir.getParent()).load(name);
        }
        ModelRegistry registry = new ModelRegistry(modelDir);
        String chosen = version.or(() -> registry.promoted().map(ModelMetadata::version))
            .or(() -> newest(registry.list()))
            .orElseThrow(() -> new IllegalArgumentException("no model versions in " + modelDir
                + " (train one with `train --data DIR --model-dir " + modelDir + "`)"));
        return registry.load(chosen);
    }

    private static Optional<String> newest(List<ModelMetadata> versions) {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1).version());
    }
}
