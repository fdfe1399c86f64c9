package org.trapstream.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keys that were renamed, old name to new, as Kafka keeps its renamed configs working: a value given under an old
 * name counts for the new key, with a warning that names it. A definition declares each entry next to the key
 * ({@link ConfigDef#renamed}).
 */
public final class RenamedKeys {

    private final Map<String, String> newNameByOld = new LinkedHashMap<>();

    void add(String oldName, String newName) {
        String known = newNameByOld.putIfAbsent(oldName, newName);
        if (known != null && !known.equals(newName)) {
            throw new IllegalArgumentException("Configuration key '" + oldName + "' renamed twice");
        }
    }

    void addAll(RenamedKeys other) {
        other.newNameByOld.forEach(this::add);
    }

    public boolean isEmpty() {
        return newNameByOld.isEmpty();
    }

    public boolean contains(String oldName) {
        return newNameByOld.containsKey(oldName);
    }

    /** Old name to new name, in the order they were declared. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(newNameByOld);
    }

    /**
     * The values of one source under their current names, warning once per old name used. When the source gives
     * both names, the new one wins.
     */
    Map<String, RawValue> apply(Map<String, RawValue> values, Consumer<String> warn) {
        Map<String, RawValue> current = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String newName = newNameByOld.get(name);
            if (newName == null) {
                current.put(name, value);
                return;
            }
            warn.accept("Configuration key '" + name + "'" + value.origin() + " is deprecated: use '" + newName + "'"
                + (values.containsKey(newName) ? ", which is also given and wins" : ""));
            if (!values.containsKey(newName)) {
                current.put(newName, value);
            }
        });
        return current;
    }
}
