package org.trapstream.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scaled thumbnails by image id and size, bounded by their total bytes: the least recently served leave first.
 * Thread-safe.
 */
final class ThumbnailCache {

    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ThumbnailCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static String key(String imageId, int size) {
        return imageId + "/" + size;
    }

    synchronized byte[] get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, byte[] thumbnail) {
        if (thumbnail.length > maxBytes) {
            return;
        }
        byte[] previous = entries.put(key, thumbnail);
        bytes += thumbnail.length - (previous == null ? 0 : previous.length);
        var eldest = entries.entrySet().iterator();
        while (bytes > maxBytes) {
            Map.Entry<String, byte[]> entry = eldest.next();
            bytes -= entry.getValue().length;
            eldest.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }
}
