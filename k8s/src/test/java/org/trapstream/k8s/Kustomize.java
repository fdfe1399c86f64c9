package org.trapstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the features Trapstream's
 * kustomizations use, so that the tests check what would be applied and not only the base files:
 * resources (files and directories), configMapGenerator (env files, files and literals, behavior create or merge,
 * the options labels and disableNameSuffixHash),
 * patches (strategic merge, targeted by apiVersion, kind and name; {@code $patch: delete}) and namespace.
 * Any other kustomization field fails to parse instead of being ignored. Generated ConfigMaps keep their
 * plain name: kustomize appends a content hash and rewrites the references, which changes no check here.
 */
final class Kustomize {

    private static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");
    private static final YAMLMapper STRICT = YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();

    /** The fields of kustomization.yaml this renderer implements; anything else is a parse error. */
    record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
                         List<Patch> patches, List<ConfigMapGenerator> configMapGenerator) {
        Kustomization {
            resources = resources == null ? List.of() : resources;
            patches = patches == null ? List.of() : patches;
            configMapGenerator = configMapGenerator == null ? List.of() : configMapGenerator;
        }
    }

    record Patch(String path) {
    }

    record ConfigMapGenerator(String name, String behavior, List<String> envs, List<String> files,
                              List<String> literals, GeneratorOptions options) {
        ConfigMapGenerator {
            envs = envs == null ? List.of() : envs;
            files = files == null ? List.of() : files;
            literals = literals == null ? List.of() : literals;
            options = options == null ? new GeneratorOptions(null, null) : options;
        }
    }

    /** Labels put on the generated ConfigMap; the name's hash suffix is never added here (see above). */
    record GeneratorOptions(Boolean disableNameSuffixHash, Map<String, String> labels) {
        GeneratorOptions {
            labels = labels == null ? Map.of() : labels;
        }
    }

    static Kustomization read(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        try {
            Kustomization kustomization = STRICT.readValue(file.toFile(), Kustomization.class);
            if (!API_VERSION.equals(kustomization.apiVersion()) || !"Kustomization".equals(kustomization.kind())) {
                throw new IllegalArgumentException(file + " is not a " + API_VERSION + " Kustomization");
            }
            return kustomization;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " (or it uses a field this renderer lacks)", e);
        }
    }

    /** The resources {@code kubectl kustomize dir} would print, as JSON trees. */
    static List<ObjectNode> build(Path dir) {
        Kustomization kustomization = read(dir);
        List<ObjectNode> resources = new ArrayList<>();
        for (String entry : kustomization.resources()) {
            Path path = dir.resolve(entry).normalize();
            List<ObjectNode> added;
            if (Files.isDirectory(path)) {
                added = build(path);
            } else if (Files.isRegularFile(path)) {
                added = YamlDocuments.read(path);
            } else {
                throw new IllegalArgumentException(dir + ": resource " + entry + " does not exist");
            }
            added.forEach(resource -> add(resources, resource, dir));
        }
        for (ConfigMapGenerator generator : kustomization.configMapGenerator()) {
            generate(generator, dir, resources);
        }
        for (Patch patch : kustomization.patches()) {
            Path file = dir.resolve(patch.path()).normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(dir + ": patch " + patch.path() + " does not exist");
            }
            YamlDocuments.read(file).forEach(doc -> applyPatch(doc, resources, dir.relativize(file).toString()));
        }
        if (kustomization.namespace() != null) {
            resources.stream()
                .filter(resource -> !CLUSTER_SCOPED.contains(resource.path("kind").asText()))
                .forEach(resource -> metadata(resource).put("namespace", kustomization.namespace()));
        }
        return resources;
    }

    /** apiVersion, kind and name: what identifies a resource to kustomize (namespace aside). */
    static String id(JsonNode resource) {
        return resource.path("apiVersion").asText() + " " + resource.path("kind").asText() + " "
            + resource.path("metadata").path("name").asText();
    }

    private static void add(List<ObjectNode> resources, ObjectNode resource, Path dir) {
        if (find(resources, id(resource)) >= 0) {
            throw new IllegalArgumentException(dir + ": " + id(resource) + " is defined twice");
        }
        resources.add(resource);
    }

    private static void applyPatch(ObjectNode patch, List<ObjectNode> resources, String source) {
        int index = find(resources, id(patch));
        if (index < 0) {
            throw new IllegalArgumentException("Patch " + source + " targets " + id(patch) + ", which no resource defines");
        }
        JsonNode directive = patch.get("$patch");
        if (directive != null) {
            if (!directive.asText().equals("delete") || patch.size() != 4) {
                throw new UnsupportedOperationException(source + ": only a whole-resource `$patch: delete` is supported");
            }
            resources.remove(index);
            return;
        }
        resources.set(index, StrategicMerge.apply(resources.get(index), patch));
    }

    private static void generate(ConfigMapGenerator generator, Path dir, List<ObjectNode> resources) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String env : generator.envs()) {
            readEnvFile(dir.resolve(env), data);
        }
        for (String file : generator.files()) {
            readFile(dir, file, data);
        }
        for (String literal : generator.literals()) {
            putEntry(data, literal, dir + " literal");
        }
        String id = "v1 ConfigMap " + generator.name();
        int index = find(resources, id);
        String behavior = generator.behavior() == null ? "create" : generator.behavior();
        switch (behavior) {
            case "create" -> {
                if (index >= 0) {
                    throw new IllegalArgumentException(dir + ": ConfigMap " + generator.name() + " exists; use behavior merge");
                }
                ObjectNode configMap = configMap(generator.name(), data);
                if (!generator.options().labels().isEmpty()) {
                    ObjectNode labels = metadata(configMap).putObject("labels");
                    generator.options().labels().forEach(labels::put);
                }
                resources.add(configMap);
            }
            case "merge" -> {
                if (index < 0) {
                    throw new IllegalArgumentException(dir + ": no ConfigMap " + generator.name() + " to merge into");
                }
                ObjectNode existing = (ObjectNode) resources.get(index).get("data");
                data.forEach(existing::put);
            }
            default -> throw new UnsupportedOperationException(dir + ": generator behavior " + behavior);
        }
    }

    private static void readEnvFile(Path file, Map<String, String> data) {
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    putEntry(data, trimmed, file.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read env file " + file, e);
        }
    }

    /** A {@code files} entry: {@code path} (the key is the file's name) or {@code key=path}. */
    private static void readFile(Path dir, String entry, Map<String, String> data) {
        int eq = entry.indexOf('=');
        Path file = dir.resolve(eq < 0 ? entry : entry.substring(eq + 1)).normalize();
        String key = eq < 0 ? file.getFileName().toString() : entry.substring(0, eq);
        if (!file.startsWith(dir.normalize())) {
            throw new IllegalArgumentException(dir + ": file " + entry + " is outside the kustomization's directory");
        }
        try {
            if (data.put(key, Files.readString(file)) != null) {
                throw new IllegalArgumentException(dir + ": " + key + " is set twice");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void putEntry(Map<String, String> data, String entry, String source) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(source + ": not KEY=VALUE: " + entry);
        }
        if (data.put(entry.substring(0, eq), entry.substring(eq + 1)) != null) {
            throw new IllegalArgumentException(source + ": " + entry.substring(0, eq) + " is set twice");
        }
    }

    private static ObjectNode configMap(String name, Map<String, String> data) {
        ObjectNode configMap = JsonNodeFactory.instance.objectNode();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.putObject("metadata").put("name", name);
        ObjectNode values = configMap.putObject("data");
        data.forEach(values::put);
        return configMap;
    }

    private static int find(List<ObjectNode> resources, String id) {
        for (int i = 0; i < resources.size(); i++) {
            if (id(resources.get(i)).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode metadata(ObjectNode resource) {
        return resource.has("metadata") ? (ObjectNode) resource.get("metadata") : resource.putObject("metadata");
    }

    private Kustomize() {
    }
}
