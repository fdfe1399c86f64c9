package org.trapstream.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields the model did not know. fabric8 and Strimzi do not reject unknown fields: they keep them
 * in {@code additionalProperties}, so a typo such as {@code replcas} deserializes without a word and the
 * API server would later drop it (or reject it, depending on its field validation). This walker visits
 * every model object of a deserialized resource and reports each such field by its path.
 */
final class UnknownFields {

    private static final List<String> MODEL_PACKAGES =
        List.of("io.fabric8.kubernetes.api.model", "io.strimzi.api", "org.trapstream.k8s");
    private static final int MAX_DEPTH = 64;

    /** Paths such as {@code spec.template.spec.containers[0].imagePullPolcy}; empty when all fields are known. */
    static List<String> in(Object resource) {
        List<String> found = new ArrayList<>();
        walk(resource, "", found, 0);
        return found.stream().sorted().toList();
    }

    private static void walk(Object node, String path, List<String> found, int depth) {
        if (node == null) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("Model deeper than " + MAX_DEPTH + " at " + path);
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "[" + key + "]", found, depth + 1));
            return;
        }
        if (!isModel(node.getClass())) {
            return;
        }
        for (Property property : properties(node.getClass())) {
            Object value = property.read(node);
            if (property.name().equals("additionalProperties")) {
                if (value instanceof Map<?, ?> unknown) {
                    unknown.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                }
            } else {
                walk(value, join(path, property.name()), found, depth + 1);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return MODEL_PACKAGES.stream().anyMatch(name::startsWith);
    }

    private record Property(String name, Method accessor) {
        Object read(Object target) {
            try {
                return accessor.invoke(target);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot read " + name + " of " + target.getClass().getName(), e);
            }
        }
    }

    // Records expose their components; fabric8 and Strimzi models are beans with getters.
    private static List<Property> properties(Class<?> type) {
        List<Property> properties = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                properties.add(new Property(component.getName(), component.getAccessor()));
            }
            return properties;
        }
        for (Method method : type.getMethods()) {
            String name = method.getName();
            boolean getter = name.startsWith("get") && name.length() > 3 && !name.equals("getClass");
            // Bridge methods of covariant getters would visit the same property twice.
            if (getter && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                    && !method.isBridge()) {
                properties.add(new Property(Character.toLowerCase(name.charAt(3)) + name.substring(4), method));
            }
        }
        return properties;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private UnknownFields() {
    }
}
