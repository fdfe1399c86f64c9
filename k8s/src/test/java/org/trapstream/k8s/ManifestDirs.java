package org.trapstream.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the manifests are: the k8s module directory, found from the working directory. */
final class ManifestDirs {

    static final Path MODULE = locateModule();
    static final Path BASE = MODULE.resolve("base");
    static final Path GPU = MODULE.resolve("overlays/gpu");
    static final Path GPU_KEDA = MODULE.resolve("overlays/gpu-keda");
    static final Path KAFKA_ACLS = MODULE.resolve("overlays/kafka-acls");
    static final Path MONITORING = MODULE.resolve("overlays/monitoring");

    /** Every directory with a kustomization.yaml, base first. */
    static List<Path> kustomizations() {
        return List.of(BASE, GPU, GPU_KEDA, KAFKA_ACLS, MONITORING);
    }

    /** Every YAML file under base/ and overlays/ (manifests, patches and kustomizations). */
    static List<Path> yamlFiles() {
        try (Stream<Path> base = Files.walk(BASE); Stream<Path> overlays = Files.walk(MODULE.resolve("overlays"))) {
            return Stream.concat(base, overlays)
                .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                .sorted()
                .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // Surefire runs with the module as working directory; an IDE may use the repository root.
    private static Path locateModule() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(cwd, cwd.resolve("k8s"))) {
            if (Files.isDirectory(candidate.resolve("base")) && Files.isDirectory(candidate.resolve("overlays"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No k8s/base and k8s/overlays below " + cwd);
    }

    private ManifestDirs() {
    }
}
