package org.trapstream.dashboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A map that keeps only its {@code capacity} most recently written entries: writing a key makes it the newest,
 * and a write beyond the capacity drops the oldest. Every operation is O(1). Not thread-safe; owners synchronise.
 */
final class RecentMap<K, V> {

    private final LinkedHashMap<K, V> entries;

    RecentMap(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        // Insertion order, not access order: reading an entry must not keep it alive, only a new write does.
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    void put(K key, V value) {
        // LinkedHashMap keeps a replaced key in its old place; removing it first moves it to the newest end.
        entries.remove(key);
        entries.put(key, value);
    }

    V get(K key) {
        return entries.get(key);
    }

    V remove(K key) {
        return entries.remove(key);
    }

    boolean containsKey(K key) {
        return entries.containsKey(key);
    }

    int size() {
        return entries.size();
    }

    /** The keys, oldest first; a live view, read it under the owner's lock. */
    Set<K> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }
}
