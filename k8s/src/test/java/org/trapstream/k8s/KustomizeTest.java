package org.trapstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test renderer itself: it applies what the overlays ask for and refuses what it cannot do. */
class KustomizeTest {

    @TempDir
    Path tmp;

    @Test
    void everyPatchOfEveryOverlayTargetsAResourceOfItsBases() {
        for (Path dir : ManifestDirs.kustomizations()) {
            Kustomize.Kustomization kustomization = Kustomize.read(dir);
            List<String> available = kustomization.resources().stream()
                .map(entry -> dir.resolve(entry).normalize())
                .flatMap(path -> (Files.isDirectory(path) ? Kustomize.build(path) : YamlDocuments.read(path)).stream())
                .map(Kustomize::id)
                .toList();
            for (Kustomize.Patch patch : kustomization.patches()) {
                for (ObjectNode target : YamlDocuments.read(dir.resolve(patch.path()))) {
                    assertTrue(available.contains(Kustomize.id(target)),
                        dir + ": patch " + patch.path() + " targets " + Kustomize.id(target) + ", which is not there");
                }
            }
        }
    }

    @Test
    void aPatchForAMissingResourceFails() {
        write("kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - %s
            patches:
              - path: patch.yaml
            """.formatted(ManifestDirs.BASE));
        write("patch.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: trapstream-clasifier
            spec:
              replicas: 3
            """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kustomize.build(tmp));
        assertTrue(e.getMessage().contains("trapstream-clasifier"), e.getMessage());
    }

    @Test
    void aMissingResourceFails() {
        write("kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - deployment.yaml
            """);
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(tmp));
    }

    @Test
    void aKustomizationFieldTheRendererDoesNotImplementFailsInsteadOfBeingIgnored() {
        write("kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - %s
            commonLabels:
              team: wildlife
            """.formatted(ManifestDirs.BASE));
        assertThrows(UncheckedIOException.class, () -> Kustomize.read(tmp));
    }

    @Test
    void strategicMergeMergesNamedListsAndReplacesTheOthers() {
        ObjectNode target = YamlDocuments.read("""
            spec:
              tolerations: [{key: a, operator: Exists}]
              containers:
                - name: app
                  image: app:1
                  env: [{name: A, value: "1"}, {name: B, value: "2"}]
                  resources: {limits: {cpu: "1"}}
                - name: sidecar
                  image: sidecar:1
            """).get(0);
        ObjectNode patch = YamlDocuments.read("""
            spec:
              tolerations: [{key: b, operator: Exists}]
              containers:
                - name: app
                  image: app:2
                  env: [{name: B, value: "3"}, {name: C, value: "4"}]
                  resources: {limits: {gpu: 1}}
            """).get(0);
        ObjectNode merged = StrategicMerge.apply(target, patch);
        assertEquals(YamlDocuments.read("""
            spec:
              tolerations: [{key: b, operator: Exists}]
              containers:
                - name: app
                  image: app:2
                  env: [{name: B, value: "3"}, {name: C, value: "4"}, {name: A, value: "1"}]
                  resources: {limits: {cpu: "1", gpu: 1}}
                - name: sidecar
                  image: sidecar:1
            """).get(0), merged);
        assertEquals("app:1", target.at("/spec/containers/0/image").asText(), "the target must not change");
    }

    @Test
    void aPatchDirectiveTheMergeDoesNotImplementFails() {
        ObjectNode target = YamlDocuments.read("spec: {containers: [{name: app}]}").get(0);
        ObjectNode patch = YamlDocuments.read("spec: {$retainKeys: [containers]}").get(0);
        assertThrows(UnsupportedOperationException.class, () -> StrategicMerge.apply(target, patch));
    }

    @Test
    void theGpuOverlayMergesItsLiteralsIntoTheBaseConfiguration() {
        Map<String, String> base = Rendered.of(ManifestDirs.BASE).config();
        Map<String, String> gpu = Rendered.of(ManifestDirs.GPU).config();
        assertEquals("64", gpu.get("TRAPSTREAM_CLASSIFIER_BATCH_MAX_SIZE"));
        assertEquals(base.get("TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS"), gpu.get("TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS"));
        assertFalse(base.get("TRAPSTREAM_CLASSIFIER_BATCH_MAX_SIZE").equals("64"), "the base should differ");
    }

    private void write(String name, String content) {
        try {
            Files.writeString(tmp.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
