package org.trapstream.k8s;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** One kustomization rendered and typed: what {@code kubectl apply -k dir} would send to the API server. */
record Rendered(Path dir, List<ObjectNode> documents, List<HasMetadata> resources) {

    static final String CONFIG_MAP = "trapstream-config";

    private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

    /** Rendered once per JVM: the test classes share it and never change it. */
    static Rendered of(Path dir) {
        return CACHE.computeIfAbsent(dir, Rendered::render);
    }

    /** The base and every overlay. */
    static Stream<Rendered> all() {
        return ManifestDirs.kustomizations().stream().map(Rendered::of);
    }

    private static Rendered render(Path dir) {
        List<ObjectNode> documents = Kustomize.build(dir);
        return new Rendered(dir, documents, documents.stream().map(Manifests::typed).toList());
    }

    String name() {
        return ManifestDirs.MODULE.relativize(dir).toString();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
            name() + " has no " + type.getSimpleName() + " " + name));
    }

    /** The Deployment of a role: ingest, classifier, trainer or dashboard. */
    Deployment deployment(String role) {
        return one(Deployment.class, "trapstream-" + role);
    }

    /** The role's only container. */
    Container container(String role) {
        List<Container> containers = deployment(role).getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(role + " should run one container, has " + containers.size());
        }
        return containers.get(0);
    }

    /** The shared Trapstream configuration: TRAPSTREAM_* variable -> value. */
    Map<String, String> config() {
        return one(ConfigMap.class, CONFIG_MAP).getData();
    }

    @Override
    public String toString() {
        return name();
    }
}
