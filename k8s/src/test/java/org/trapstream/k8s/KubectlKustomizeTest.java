package org.trapstream.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where kubectl is installed, its kustomize must render exactly what the test renderer renders (apart from
 * the content hash kustomize appends to generated ConfigMap names), so the other tests check the real
 * output. CI machines without kubectl skip this; the renderer's own tests still run there.
 */
class KubectlKustomizeTest {

    private static final Pattern HASHED_CONFIG_MAP = Pattern.compile(Rendered.CONFIG_MAP + "-[a-z0-9]{10}");

    static Stream<Path> kustomizationDirs() {
        return ManifestDirs.kustomizations().stream();
    }

    @ParameterizedTest
    @MethodSource("kustomizationDirs")
    void theTestRendererAgreesWithKubectlKustomize(Path dir) throws IOException, InterruptedException {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH: skipping the comparison with kubectl kustomize");

        List<ObjectNode> rendered = YamlDocuments.read(kustomize(kubectl.get(), dir));
        rendered.forEach(KubectlKustomizeTest::unhashConfigMapNames);
        Map<String, JsonNode> expected = byId(rendered);
        Map<String, JsonNode> actual = byId(Kustomize.build(dir));

        assertEquals(expected.keySet(), actual.keySet(), dir + ": different resources");
        expected.forEach((id, resource) -> assertEquals(resource, actual.get(id), dir + ": " + id));
    }

    private static String kustomize(Path kubectl, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + " failed");
        return output;
    }

    private static Map<String, JsonNode> byId(List<ObjectNode> resources) {
        Map<String, JsonNode> byId = new TreeMap<>();
        resources.forEach(resource -> byId.put(Kustomize.id(resource), resource));
        return byId;
    }

    private static void unhashConfigMapNames(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual() && HASHED_CONFIG_MAP.matcher(field.getValue().asText()).matches()) {
                    field.setValue(TextNode.valueOf(Rendered.CONFIG_MAP));
                } else {
                    unhashConfigMapNames(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(KubectlKustomizeTest::unhashConfigMapNames);
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
            .filter(entry -> !entry.isEmpty())
            .map(entry -> Path.of(entry, command))
            .filter(Files::isExecutable)
            .findFirst();
    }
}
