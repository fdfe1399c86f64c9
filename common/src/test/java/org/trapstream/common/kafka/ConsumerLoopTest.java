package org.trapstream.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/** The loop against a real broker, each test on a topic of its own, with the test finishing records by hand. */
class ConsumerLoopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static Vertx vertx;
    private final FreshTopic topic = new FreshTopic();
    private final String group = "loop-test-" + UUID.randomUUID();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /** Plays the handler: records arrive here and are finished when the test says so. */
    private static final class Handling {

        final List<ConsumerRecord<String, byte[]>> received = new CopyOnWriteArrayList<>();
        final Map<ConsumerRecord<String, byte[]>, Promise<Void>> unfinished = new ConcurrentHashMap<>();
        final AtomicInteger peakInFlight = new AtomicInteger();
        ConsumerLoop loop;

        ConsumerLoop start(ConsumerLoop.Builder builder) {
            loop = builder.handleAsync(vertx.getOrCreateContext(), record -> {
                peakInFlight.accumulateAndGet(loop.inFlight(), Math::max);
                received.add(record);
                Promise<Void> finished = Promise.promise();
                unfinished.put(record, finished);
                return finished.future();
            });
            await(loop.start());
            return loop;
        }

        void finish(ConsumerRecord<String, byte[]> record) {
            unfinished.remove(record).complete();
        }

        void fail(ConsumerRecord<String, byte[]> record) {
            unfinished.remove(record).fail("the test says so");
        }

        ConsumerRecord<String, byte[]> at(TopicPartition partition, long offset) {
            return received.stream().filter(r -> r.partition() == partition.partition() && r.offset() == offset)
                .findFirst().orElseThrow(() -> new AssertionError("not received: " + partition + "@" + offset));
        }
    }

    private ConsumerLoop.Builder member(String clientId) {
        return ConsumerLoop.builder(topic.config, clientId, Reading.asMemberOf(group, topic.name));
    }

    @Test
    void pausesAtTheInFlightBoundAndResumesAsRecordsFinish() {
        topic.send(0, 30);
        topic.send(1, 30);
        Handling handling = new Handling();
        ConsumerLoop loop = handling.start(member("flow").maxInFlight(8));

        eventually(PATIENCE, () -> assertTrue(loop.paused() && handling.received.size() >= 7,
            "fills up to the bound and pauses: " + handling.received.size() + " received"));
        // Nothing finished, so nothing more can come: in flight never exceeds the bound (peak checked below).
        assertTrue(handling.received.size() <= 8, "more than the bound handed over: " + handling.received.size());

        int finished = 0;
        while (finished < 60) {
            ConsumerRecord<String, byte[]> next = eventually(PATIENCE, () -> handling.unfinished.keySet().stream()
                .findFirst().orElseThrow(() -> new AssertionError("reading did not resume")));
            handling.finish(next);
            finished++;
        }
        eventually(PATIENCE, () -> assertEquals(Map.of(topic.partition(0), 30L, topic.partition(1), 30L),
            topic.committed(group), "every finished record is committed"));
        await(loop.stop(Duration.ZERO));
        assertEquals(60, handling.received.size(), "each record handed over once");
        assertTrue(handling.peakInFlight.get() <= 8, "in flight peaked at " + handling.peakInFlight.get());
    }

    /** Sends {@code count} records to partition 0 and starts a member, which has them all on return. */
    private Handling memberHolding(int count, String clientId) {
        topic.send(0, count);
        Handling handling = new Handling();
        handling.start(member(clientId));
        eventually(PATIENCE, () -> assertEquals(count, handling.received.size()));
        return handling;
    }

    @Test
    void neverCommitsPastARecordThatFailedAndReadsItAgainFromThere() {
        TopicPartition p0 = topic.partition(0);
        Handling first = memberHolding(10, "commit");

        first.fail(first.at(p0, 3));
        List.copyOf(first.unfinished.keySet()).forEach(first::finish);
        await(first.loop.stop(Duration.ZERO));
        assertEquals(Map.of(p0, 3L), topic.committed(group), "the commit stops before the failed record");

        Handling second = new Handling();
        ConsumerLoop again = second.start(member("commit-again"));
        eventually(PATIENCE, () -> second.at(p0, 3));
        assertEquals(3, second.received.get(0).offset(), "reading resumes at the failed record");
        await(again.stop(Duration.ZERO));
    }

    @Test
    void aRebalanceCommitsWhatIsDoneAndTheUnfinishedRecordsAreReadAgain() {
        for (int partition = 0; partition < FreshTopic.PARTITIONS; partition++) {
            topic.send(partition, 10);
        }
        Handling first = new Handling();
        ConsumerLoop a = first.start(member("rebalance-a"));
        eventually(PATIENCE, () -> assertEquals(30, first.received.size()));
        // The sixth record of every partition is still being handled when a second member joins.
        first.received.stream().filter(r -> r.offset() != 5).forEach(first::finish);

        Handling second = new Handling();
        ConsumerLoop b = second.start(member("rebalance-b"));
        Map<Integer, Long> resumedAt = eventually(PATIENCE, () -> {
            List<ConsumerRecord<String, byte[]>> readAgain = new ArrayList<>(first.received.subList(30,
                first.received.size()));
            readAgain.addAll(second.received);
            Map<Integer, Long> firstOffsets = readAgain.stream().collect(Collectors.toMap(
                ConsumerRecord::partition, ConsumerRecord::offset, Math::min));
            assertEquals(FreshTopic.PARTITIONS, firstOffsets.size(), "every partition is read again: " + firstOffsets);
            return firstOffsets;
        });
        assertEquals(Map.of(0, 5L, 1, 5L, 2, 5L), resumedAt,
            "each partition resumes at its unfinished record, after the committed prefix");
        await(a.stop(Duration.ZERO));
        await(b.stop(Duration.ZERO));
    }

    @Test
    void stoppingLetsTheRecordsInFlightFinishAndCommitsThem() {
        TopicPartition p0 = topic.partition(0);
        Handling handling = memberHolding(5, "drain");

        Future<Void> stopped = handling.loop.stop(Duration.ofSeconds(30));
        List.copyOf(handling.unfinished.keySet()).forEach(handling::finish);
        await(stopped);
        assertEquals(Map.of(p0, 5L), topic.committed(group), "what finished while draining is committed");
    }

    @Test
    void readsWhereTheGroupIsWhenEveryPartitionHasACommit() {
        for (int partition = 0; partition < FreshTopic.PARTITIONS; partition++) {
            topic.send(partition, 4);
        }
        Map<TopicPartition, Long> committed = Map.of(topic.partition(0), 2L, topic.partition(1), 4L,
            topic.partition(2), 3L);
        topic.commit(group, committed);

        List<String> seen = readUntilCaughtUp(Reading.everyPartitionWhereGroupIs(group, topic.name));

        assertEquals(List.of("0@2", "0@3", "2@3"), seen.stream().sorted().toList(),
            "only what the group has yet to consume, on no partition from the beginning");
        assertEquals(committed, topic.committed(group), "looking commits nothing");
    }

    @Test
    void readsAPartitionTheGroupNeverCommittedFromItsBeginning() {
        for (int partition = 0; partition < FreshTopic.PARTITIONS; partition++) {
            topic.send(partition, 2);
        }
        topic.commit(group, Map.of(topic.partition(0), 2L, topic.partition(1), 1L));

        List<String> seen = readUntilCaughtUp(Reading.everyPartitionWhereGroupIs(group, topic.name));

        assertEquals(List.of("1@1", "2@0", "2@1"), seen.stream().sorted().toList());
    }

    @Test
    void readsEveryPartitionFromTheBeginningAndSaysWhenItHasCaughtUp() {
        topic.send(0, 3);
        topic.send(2, 2);
        List<String> seen = readUntilCaughtUp(Reading.everyPartitionOf(List.of(topic.name)));
        assertEquals(List.of("0@0", "0@1", "0@2", "2@0", "2@1"), seen.stream().sorted().toList());
    }

    /** Reads until the loop says it has caught up, stops it, and returns partition@offset of each record. */
    private List<String> readUntilCaughtUp(Reading reading) {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean caughtUp = new AtomicBoolean();
        ConsumerLoop loop = ConsumerLoop.builder(topic.config, "look", reading)
            .onCaughtUp(() -> caughtUp.set(true))
            .handle(vertx.getOrCreateContext(), record -> seen.add(record.partition() + "@" + record.offset()));
        await(loop.start());
        eventually(PATIENCE, () -> assertTrue(caughtUp.get(), "caught up"));
        await(loop.stop(Duration.ZERO));
        return seen;
    }

    @Test
    void aHandlerThatThrowsStopsTheLoopWhichSaysItDied() {
        TopicPartition p0 = topic.partition(0);
        topic.send(0, 3);
        ConsumerLoop loop = ConsumerLoop.builder(topic.config, "broken", Reading.asMemberOf(group, topic.name))
            .handle(vertx.getOrCreateContext(), record -> {
                if (record.offset() == 1) {
                    throw new IllegalStateException("a bug in the handler");
                }
            });
        await(loop.start());
        eventually(PATIENCE, () -> assertFalse(loop.running(), "the loop stopped"));
        assertFalse(loop.healthy());
        await(loop.stop(Duration.ZERO));
        assertEquals(Map.of(p0, 1L), topic.committed(group), "the record it broke on is read again by the next owner");
    }

    @Test
    void aLoopThatCannotStartFailsItsStart() {
        ConsumerLoop loop = ConsumerLoop.builder(topic.config, "nowhere",
                Reading.everyPartitionOf(List.of("no-such-topic-" + UUID.randomUUID())))
            .handle(vertx.getOrCreateContext(), record -> { });
        Future<Void> started = loop.start();
        eventually(PATIENCE, () -> assertTrue(started.failed(), "the start failed"));
        assertTrue(started.cause().getMessage().startsWith("No partitions found"), started.cause().toString());
        assertFalse(loop.healthy());
        assertFalse(loop.running());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer within 60 s", e);
        }
    }
}
