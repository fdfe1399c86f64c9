package org.trapstream.k8s;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The part of Kubernetes' strategic merge patch that Trapstream's overlays use: maps merge recursively,
 * {@code null} deletes a field, lists of the kinds below merge element-wise by their merge key (as
 * declared by the Kubernetes API types) in the order kustomize produces, every other list is replaced. Directives such as
 * {@code $retainKeys} and lists whose merge key depends on the context ({@code ports}) are refused
 * rather than approximated, so the test never silently renders something kustomize would not.
 */
final class StrategicMerge {

    private static final Map<String, String> MERGE_KEYS = Map.of(
        "containers", "name",
        "initContainers", "name",
        "ephemeralContainers", "name",
        "env", "name",
        "volumes", "name",
        "volumeMounts", "mountPath",
        "imagePullSecrets", "name",
        "topologySpreadConstraints", "topologyKey");

    /** A merged copy; neither argument changes. */
    static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        ObjectNode result = target.deepCopy();
        merge(result, patch, "");
        return result;
    }

    private static void merge(ObjectNode target, ObjectNode patch, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String fieldPath = path + "/" + name;
            if (name.startsWith("$")) {
                throw new UnsupportedOperationException("Patch directive " + fieldPath + " is not supported here");
            }
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value, fieldPath);
            } else if (value.isArray() && name.equals("ports")) {
                throw new UnsupportedOperationException("Patching " + fieldPath + " is not supported here "
                    + "(its merge key is containerPort in containers but port in Services)");
            } else if (value.isArray() && MERGE_KEYS.containsKey(name) && existing != null && existing.isArray()) {
                mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(name), fieldPath);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    // kustomize's order: the patch's elements first (merged with their match), then the target's others.
    private static void mergeList(ArrayNode target, ArrayNode patch, String key, String path) {
        List<JsonNode> rest = new ArrayList<>();
        target.forEach(rest::add);
        ArrayNode merged = target.arrayNode();
        for (JsonNode element : patch) {
            JsonNode keyValue = element.get(key);
            if (!element.isObject() || keyValue == null) {
                throw new IllegalArgumentException("Element of " + path + " without its merge key " + key + ": " + element);
            }
            ObjectNode match = rest.stream()
                .filter(candidate -> keyValue.equals(candidate.get(key)))
                .map(ObjectNode.class::cast)
                .findFirst()
                .orElse(null);
            if (match == null) {
                merged.add(element.deepCopy());
            } else {
                rest.remove(match);
                merge(match, (ObjectNode) element, path + "[" + key + "=" + keyValue.asText() + "]");
                merged.add(match);
            }
        }
        rest.forEach(merged::add);
        target.removeAll();
        target.addAll(merged);
    }

    private StrategicMerge() {
    }
}
