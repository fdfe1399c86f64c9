package org.trapstream.dashboard;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentMapTest {

    private final RecentMap<String, Integer> map = new RecentMap<>(2);

    /** Every test starts from a full map: "a" written before "b". */
    @BeforeEach
    void fill() {
        map.put("a", 1);
        map.put("b", 2);
    }

    @Test
    void keepsOnlyTheMostRecentlyWrittenEntries() {
        map.put("c", 3);

        assertFalse(map.containsKey("a"));
        assertEquals(2, map.get("b"));
        assertEquals(3, map.get("c"));
        assertEquals(2, map.size());
    }

    @Test
    void rewritingAnEntryMakesItTheNewest() {
        map.put("a", 10);
        map.put("c", 3);

        assertEquals(10, map.get("a"));
        assertNull(map.get("b"), "b was the oldest write, so it went first");
        assertEquals(List.of("a", "c"), List.copyOf(map.keys()));
    }

    @Test
    void readingDoesNotKeepAnEntryAlive() {
        map.get("a");
        map.put("c", 3);

        assertFalse(map.containsKey("a"));
        assertTrue(map.containsKey("b"));
    }

    @Test
    void refusesAUselessCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new RecentMap<String, String>(0));
    }
}
