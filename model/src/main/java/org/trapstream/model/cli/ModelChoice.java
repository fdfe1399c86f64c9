package org.trapstream.model.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --model-dir} and {@code --version}: the model a command uses. The directory is either one version's
 * (it holds {@code metadata.json}) or a registry root, where the named version serves, else the promoted one,
 * else the newest.
 */
final class ModelChoice {

    @Option(names = "--model-dir", paramLabel = "DIR",
        description = "A model registry (default: data.dir/models) or one version's directory.")
    private Path modelDir;

    @Option(names = "--version", paramLabel = "VERSION",
        description = "The version to use (default: the promoted one, else the newest).")
    private String version;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    LoadedModel load(TrapstreamConfig config) {
        Path dir = modelDir == null ? config.modelRegistryDir() : modelDir;
        if (Files.isRegularFile(dir.resolve(ModelRegistry.METADATA_FILE))) {
            Path versionDir = dir.toAbsolutePath().normalize();
            String name = versionDir.getFileName().toString();
            if (version != null && !version.equals(name)) {
                throw new ParameterException(command.commandLine(),
                    "--version " + version + " names another version than the directory " + dir);
            }
            return new ModelRegistry(versionDir.getParent()).load(name);
        }
        ModelRegistry registry = new ModelRegistry(dir);
        String chosen = Optional.ofNullable(version)
            .or(() -> registry.promoted().map(ModelMetadata::version))
            .or(() -> newest(registry.list()))
            .orElseThrow(() -> new IllegalArgumentException("no model versions in " + dir
                + " (train one with `train --data DIR --model-dir " + dir + "`)"));
        return registry.load(chosen);
    }

    private static Optional<String> newest(List<ModelMetadata> versions) {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1).version());
    }
}
