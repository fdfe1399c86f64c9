package org.trapstream.common.kafka;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed, per partition, when records finish out of order.
 *
 * <p>Records are {@link #track tracked} in the order they were consumed and marked {@link #done} in any order
 * (once their outcome, a prediction or a dead letter, is acknowledged by Kafka). The committable offset of a
 * partition is the one after the longest consumed prefix that is entirely done: a commit never skips a record
 * that is still in flight, which is what makes ingest and classifier at-least-once. Offsets are compared as consumed, never by
 * arithmetic, because compaction and transaction markers leave gaps.
 *
 * <p>Thread-safe: the consumer thread tracks and commits while completions arrive on the event loop.
 */
public final class OffsetTracker {

    private static final class PartitionState {
        final ArrayDeque<Long> pending = new ArrayDeque<>();
        final Set<Long> doneOutOfOrder = new HashSet<>();
        long committable = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /** Records that a record was consumed; call in consumption order. */
    public synchronized void track(TopicPartition partition, long offset) {
        partitions.computeIfAbsent(partition, p -> new PartitionState()).pending.addLast(offset);
    }

    /**
     * Marks a record done. Idempotent, and a record of a partition no longer tracked (revoked meanwhile) is
     * ignored: its new owner re-reads it from the last commit.
     */
    public synchronized void done(TopicPartition partition, long offset) {
        PartitionState state = partitions.get(partition);
        if (state == null || !state.pending.contains(offset)) {
            return;
        }
        state.doneOutOfOrder.add(offset);
        while (!state.pending.isEmpty() && state.doneOutOfOrder.remove(state.pending.peekFirst())) {
            state.committable = state.pending.pollFirst() + 1;
        }
    }

    /**
     * The offsets that moved since the last call, to commit now; they count as committed from here on, until
     * {@link #commitFailed} says otherwise (or a later commit of the same partition carries them anyway).
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> takeCommittable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, state) -> {
            if (state.committable > state.committed) {
                offsets.put(partition, new OffsetAndMetadata(state.committable));
                state.committed = state.committable;
            }
        });
        return offsets;
    }

    /** Whether the record is still this consumer's to finish: tracked, not done, its partition not revoked. */
    public synchronized boolean isTracked(TopicPartition partition, long offset) {
        PartitionState state = partitions.get(partition);
        return state != null && state.pending.contains(offset) && !state.doneOutOfOrder.contains(offset);
    }

    /** Offers offsets whose commit failed again with the next {@link #takeCommittable}, unless revoked meanwhile. */
    public synchronized void commitFailed(Map<TopicPartition, OffsetAndMetadata> failed) {
        failed.forEach((partition, offset) -> {
            PartitionState state = partitions.get(partition);
            if (state != null && state.committed >= offset.offset()) {
                state.committed = offset.offset() - 1;
            }
        });
    }

    /**
     * Forgets revoked partitions and returns what is still to commit for them: the caller commits it
     * synchronously before the partitions move to another consumer.
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> revoke(Collection<TopicPartition> revoked) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : revoked) {
            PartitionState state = partitions.remove(partition);
            if (state != null && state.committable > state.committed) {
                offsets.put(partition, new OffsetAndMetadata(state.committable));
            }
        }
        return offsets;
    }

    /** Records consumed and not yet done, over all partitions. */
    public synchronized int pending() {
        return partitions.values().stream().mapToInt(s -> s.pending.size()).sum();
    }
}
