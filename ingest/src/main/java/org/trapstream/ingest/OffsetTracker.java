package org.trapstream.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.vertx.kafka.client.common.TopicPartition;

/**
 * Which offset of each partition may be committed. Records finish out of order (several are validated at
 * once), but a committed offset promises that every record before it is done, so a partition's position
 * only moves over a contiguous run of finished records. Used from one event loop only.
 */
final class OffsetTracker {

    /** Per partition: offsets received and not yet covered by a position, mapped to whether they finished. */
    private final Map<TopicPartition, TreeMap<Long, Boolean>> open = new HashMap<>();
    /** Positions (next offset to read) ready to be committed. */
    private final Map<TopicPartition, Long> ready = new HashMap<>();

    void received(TopicPartition partition, long offset) {
        open.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, false);
    }

    /** Whether the record is still this consumer's to finish (false once its partition was revoked). */
    boolean isOpen(TopicPartition partition, long offset) {
        TreeMap<Long, Boolean> offsets = open.get(partition);
        return offsets != null && offsets.containsKey(offset);
    }

    void finished(TopicPartition partition, long offset) {
        if (!isOpen(partition, offset)) {
            return;
        }
        TreeMap<Long, Boolean> offsets = open.get(partition);
        offsets.put(offset, true);
        Long position = null;
        while (!offsets.isEmpty() && offsets.firstEntry().getValue()) {
            position = offsets.pollFirstEntry().getKey() + 1;
        }
        if (position != null) {
            ready.put(partition, position);
        }
    }

    /** The positions ready to commit; they are no longer ready until {@link #putBack} returns them. */
    Map<TopicPartition, Long> takeReady() {
        Map<TopicPartition, Long> taken = Map.copyOf(ready);
        ready.clear();
        return taken;
    }

    /** Returns positions whose commit failed, unless their partition was revoked or moved on meanwhile. */
    void putBack(Map<TopicPartition, Long> positions) {
        positions.forEach((partition, position) -> {
            if (open.containsKey(partition)) {
                ready.merge(partition, position, Math::max);
            }
        });
    }

    /** Forgets revoked partitions: their unfinished records are read again by the partitions' next owner. */
    void revoke(Set<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            open.remove(partition);
            ready.remove(partition);
        });
    }
}
