package org.trapstream.classifier;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Promise;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionOrderTest {

    private static final TopicPartition P0 = new TopicPartition("camtrap.images", 0);
    private static final TopicPartition P1 = new TopicPartition("camtrap.images", 1);

    private final PartitionOrder order = new PartitionOrder();
    private final List<String> released = new ArrayList<>();

    private Promise<String> enqueue(TopicPartition partition) {
        Promise<String> outcome = Promise.promise();
        order.inTurn(partition, outcome.future()).onComplete(ar ->
            released.add(ar.succeeded() ? ar.result() : "failed:" + ar.cause().getMessage()));
        return outcome;
    }

    @Test
    void outcomesOfAPartitionAreReleasedInConsumptionOrder() {
        Promise<String> first = enqueue(P0);
        Promise<String> second = enqueue(P0);
        Promise<String> third = enqueue(P0);

        third.complete("c");
        second.complete("b");
        assertTrue(released.isEmpty(), "b and c must wait for a");

        first.complete("a");
        assertEquals(List.of("a", "b", "c"), released);
    }

    @Test
    void aSlowPartitionDoesNotHoldUpAnother() {
        Promise<String> slow = enqueue(P0);
        enqueue(P1).complete("p1");
        assertEquals(List.of("p1"), released);
        slow.complete("p0");
        assertEquals(List.of("p1", "p0"), released);
    }

    @Test
    void failuresKeepTheirTurnAndDoNotBlockTheRest() {
        Promise<String> first = enqueue(P0);
        enqueue(P0).complete("b");
        first.fail("boom");
        assertEquals(List.of("failed:boom", "b"), released);
    }

    @Test
    void aLongRunReleasedAtOnceDoesNotRecurse() {
        Promise<String> head = enqueue(P0);
        for (int i = 0; i < 100_000; i++) {
            enqueue(P0).complete("x");
        }
        head.complete("head");
        assertEquals(100_001, released.size());
        assertEquals("head", released.get(0));
    }
}
