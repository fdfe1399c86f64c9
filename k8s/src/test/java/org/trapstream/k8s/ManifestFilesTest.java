package org.trapstream.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every file on its own: each document is a typed resource without unknown fields, and each file is used. */
class ManifestFilesTest {

    static Stream<Path> manifestFiles() {
        return ManifestDirs.yamlFiles().stream().filter(file -> !isKustomization(file));
    }

    static Stream<Path> kustomizationDirs() {
        return ManifestDirs.kustomizations().stream();
    }

    @ParameterizedTest
    @MethodSource("manifestFiles")
    void everyDocumentIsATypedResourceWithOnlyKnownFields(Path file) {
        List<ObjectNode> documents = YamlDocuments.read(file);
        assertFalse(documents.isEmpty(), file + " holds no document");
        for (ObjectNode document : documents) {
            ObjectNode resource = document.deepCopy();
            // Patches that delete a resource carry a directive no model knows.
            if (resource.has("$patch")) {
                assertEquals("delete", resource.remove("$patch").asText(), file + ": unsupported $patch");
            }
            HasMetadata typed = Manifests.typed(resource);
            assertEquals(List.of(), UnknownFields.in(typed), file + ": unknown fields in " + Kustomize.id(document));
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizationDirs")
    void everyKustomizationUsesOnlyFieldsTheTestRendererImplements(Path dir) {
        Kustomize.Kustomization kustomization = Kustomize.read(dir);
        assertFalse(kustomization.resources().isEmpty(), dir + " lists no resources");
    }

    @Test
    void everyFileIsAResourcePatchOrEnvFileOfTheKustomizationBesideIt() {
        Set<Path> used = new HashSet<>();
        for (Path dir : ManifestDirs.kustomizations()) {
            Kustomize.Kustomization kustomization = Kustomize.read(dir);
            used.add(dir.resolve("kustomization.yaml"));
            kustomization.resources().forEach(entry -> used.add(dir.resolve(entry).normalize()));
            kustomization.patches().forEach(patch -> used.add(dir.resolve(patch.path()).normalize()));
            kustomization.configMapGenerator().forEach(g -> g.envs().forEach(env -> used.add(dir.resolve(env).normalize())));
            kustomization.configMapGenerator().forEach(g -> g.files().forEach(file ->
                used.add(dir.resolve(file.substring(file.indexOf('=') + 1)).normalize())));
        }
        for (Path file : ManifestDirs.yamlFiles()) {
            assertTrue(used.contains(file), file + " is not referenced by any kustomization: delete it or list it");
        }
        for (Path dir : ManifestDirs.kustomizations()) {
            assertTrue(used.contains(dir.resolve("kustomization.yaml")), dir + " is no kustomization");
        }
        used.forEach(path -> assertTrue(Files.exists(path), path + " is referenced but does not exist"));
    }

    private static boolean isKustomization(Path file) {
        return file.getFileName().toString().equals("kustomization.yaml");
    }
}
