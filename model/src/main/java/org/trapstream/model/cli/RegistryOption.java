package org.trapstream.model.cli;

import java.nio.file.Path;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.serving.ModelRegistry;
import picocli.CommandLine.Option;

/** {@code --model-dir DIR}, for the commands that add to the model registry or change it. */
final class RegistryOption {

    @Option(names = "--model-dir", paramLabel = "DIR", description = "The model registry (default: data.dir/models).")
    private Path modelDir;

    ModelRegistry registry(TrapstreamConfig config) {
        return new ModelRegistry(modelDir == null ? config.modelRegistryDir() : modelDir);
    }
}
