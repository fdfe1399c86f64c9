package org.trapstream.classifier;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.common.TopicPartition;

/**
 * Releases the outcomes of one partition's images in the order they were consumed, however the decode pool
 * and the inference threads reorder them: predictions of a camera's partition are published in the order the
 * images arrived. An outcome that is ready waits for the slower ones consumed before it (head-of-line), a
 * cost bounded by the in-flight limit.
 *
 * <p>Confined to one Vert.x context. Released results are handed on iteratively, never by chaining one future
 * per image onto the previous one, so a long run of ready outcomes cannot overflow the stack.
 */
final class PartitionOrder {

    private record Slot<T>(Future<T> outcome, Promise<T> released) {}

    private final Map<TopicPartition, ArrayDeque<Slot<?>>> queues = new HashMap<>();

    /** Completes like {@code outcome}, but not before every outcome enqueued earlier for the same partition. */
    <T> Future<T> inTurn(TopicPartition partition, Future<T> outcome) {
        Promise<T> released = Promise.promise();
        queues.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(new Slot<>(outcome, released));
        outcome.onComplete(ignored -> release(partition));
        return released.future();
    }

    private void release(TopicPartition partition) {
        ArrayDeque<Slot<?>> queue = queues.get(partition);
        while (queue != null && !queue.isEmpty() && queue.peekFirst().outcome().isComplete()) {
            handOn(queue.pollFirst());
        }
        if (queue != null && queue.isEmpty()) {
            queues.remove(partition, queue);
        }
    }

    private static <T> void handOn(Slot<T> slot) {
        slot.released().handle(slot.outcome());
    }
}
