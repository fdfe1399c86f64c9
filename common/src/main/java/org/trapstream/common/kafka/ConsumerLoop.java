package org.trapstream.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * A Kafka consumer polled on a thread of its own, which hands each record to a handler on a Vert.x context.
 *
 * <p>The loop owns the flow control and the commits. At most {@code maxInFlight} records are between being
 * handed over and being finished; beyond that the partitions are paused until half of them are done
 * ({@link InFlightLimit}). A member of a group commits, per partition, only the offsets the {@link OffsetTracker}
 * says are done, so a record whose handling failed, and everything after it in its partition, is read again by
 * the partition's next owner: at least once.
 *
 * <p>Why a plain {@link KafkaConsumer} on a dedicated thread rather than vertx-kafka-client: the consumer is
 * single-threaded, and everything that must happen on its thread happens here without hops. Above all the
 * rebalance callback runs synchronously inside {@code poll}, so the offsets of revoked partitions are committed
 * before another member takes them over; vertx-kafka-client delivers that callback later on the event loop,
 * when a commit can no longer be made for those partitions. The blocking calls (creating the client, finding
 * partitions and offsets, polling, committing, closing) never touch the event loop.
 */
public final class ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Four polls of Kafka's usual 100 records: a handler stays busy, and memory bounded when it falls behind. */
    private static final int DEFAULT_MAX_IN_FLIGHT = 400;

    private final Map<String, Object> properties;
    private final Reading reading;
    private final String name;
    private final Context context;
    private final Function<ConsumerRecord<String, byte[]>, Future<?>> handler;
    private final InFlightLimit limit;
    private final MeterRegistry registry;
    private final Runnable onCaughtUp;
    private final OffsetTracker tracker = new OffsetTracker();
    private final Thread thread;
    private final Promise<Void> started = Promise.promise();
    private final Promise<Void> ended = Promise.promise();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;
    private volatile long drainDeadlineNanos;
    private volatile Throwable failure;
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile int partitions;
    private KafkaClientMetrics clientMetrics;
    /** Where the partitions ended when the loop started, until it has handed over everything before that. */
    private Map<TopicPartition, Long> backlogEnd;

    private ConsumerLoop(Builder builder, Context context,
                         Function<ConsumerRecord<String, byte[]>, Future<?>> handler) {
        this.limit = new InFlightLimit(builder.maxInFlight);
        this.reading = builder.reading;
        this.name = builder.clientId;
        this.properties = reading.consumerProperties(builder.config, name);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(limit.pollSize()));
        this.registry = builder.registry;
        this.onCaughtUp = builder.onCaughtUp;
        this.context = context;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
    }

    /** @param clientId the consumer's client id, which also names the loop's thread and its log lines */
    public static Builder builder(TrapstreamConfig config, String clientId, Reading reading) {
        return new Builder(config, clientId, reading);
    }

    public static final class Builder {

        private final TrapstreamConfig config;
        private final String clientId;
        private final Reading reading;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private MeterRegistry registry;
        private Runnable onCaughtUp;

        private Builder(TrapstreamConfig config, String clientId, Reading reading) {
            this.config = config;
            this.clientId = clientId;
            this.reading = reading;
        }

        public Builder maxInFlight(int max) {
            this.maxInFlight = max;
            return this;
        }

        /** Binds the consumer's own metrics ({@code kafka_consumer_*}) for as long as it is open. */
        public Builder metrics(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /**
         * Runs {@code action} on the context once the handler has been given every record that was in the
         * partitions when the loop started. Only for readings of every partition: a member's partitions move.
         */
        public Builder onCaughtUp(Runnable action) {
            if (reading.commits()) {
                throw new IllegalStateException("A member of a group has no fixed partitions to catch up with");
            }
            this.onCaughtUp = action;
            return this;
        }

        /** Each record is done once {@code handler} returned; it runs on {@code context} and must not block. */
        public ConsumerLoop handle(Context context, Consumer<ConsumerRecord<String, byte[]>> handler) {
            return new ConsumerLoop(this, context, record -> {
                handler.accept(record);
                return Future.succeededFuture();
            });
        }

        /**
         * Each record is done once the future {@code handler} returns for it succeeds. When it fails the record
         * is no longer in flight, but its offset is not committed: the partition's next owner reads it again.
         */
        public ConsumerLoop handleAsync(Context context, Function<ConsumerRecord<String, byte[]>, Future<?>> handler) {
            return new ConsumerLoop(this, context, handler);
        }
    }

    /**
     * Starts the thread, which creates the consumer and subscribes, or assigns and seeks. Completes on the
     * context once the loop polls; fails, with the consumer closed, when it cannot.
     */
    public Future<Void> start() {
        thread.start();
        return started.future();
    }

    /**
     * Stops reading: takes no more records, lets those in flight finish for up to {@code drain}, commits what is
     * done (as a member of a group), leaves the group and closes the consumer. Completes on the context once
     * the consumer is closed. Idempotent.
     */
    public Future<Void> stop(Duration drain) {
        if (thread.getState() == Thread.State.NEW) {
            return Future.succeededFuture();
        }
        if (!stopping) {
            drainDeadlineNanos = System.nanoTime() + drain.toNanos();
            stopping = true;
        }
        wake();
        return ended.future();
    }

    /** False once the loop died of an error (which it logged); it no longer reads. */
    public boolean healthy() {
        return failure == null;
    }

    /** Started, and neither stopped nor dead. */
    public boolean running() {
        return started.future().succeeded() && !closed;
    }

    public int inFlight() {
        return limit.current();
    }

    public boolean paused() {
        return paused;
    }

    /** How many partitions the loop reads now. */
    public int partitions() {
        return partitions;
    }

    /**
     * Whether finishing the record still counts: the loop has not closed and, in a group, the record's
     * partition is still this member's. A handler that retries stops when it no longer does.
     */
    public boolean owns(ConsumerRecord<?, ?> record) {
        return !closed && (!reading.commits() || tracker.isTracked(partitionOf(record), record.offset()));
    }

    private void run() {
        try {
            open();
            onContext(() -> started.tryComplete());
            while (!finished()) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    // stop() wakes a poll so that the loop looks at once whether it is done
                }
            }
        } catch (WakeupException e) {
            LOG.info("{} stopped while it was starting", name);
        } catch (RuntimeException e) {
            died(e);
        } finally {
            close();
            onContext(() -> {
                started.tryFail(failure != null ? failure
                    : new IllegalStateException(name + " stopped while starting"));
                ended.complete();
            });
        }
    }

    private void open() {
        consumer = new KafkaConsumer<>(properties);
        if (stopping) {
            throw new WakeupException(); // stop() came while the consumer was created, with nothing to wake yet
        }
        if (registry != null) {
            clientMetrics = new KafkaClientMetrics(consumer);
            clientMetrics.bindTo(registry);
        }
        List<TopicPartition> assigned = reading.begin(consumer, new Rebalance());
        partitions = assigned.size();
        if (onCaughtUp != null) {
            backlogEnd = consumer.endOffsets(assigned);
        }
        LOG.info("{} reads {}", name, reading);
    }

    private boolean finished() {
        return failure != null
            || stopping && (limit.current() == 0 || System.nanoTime() - drainDeadlineNanos >= 0);
    }

    private void pollOnce() {
        applyFlowControl();
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty()) {
            hand(records);
        }
        if (reading.commits()) {
            commitAsync(tracker.takeCommittable());
        }
        if (backlogEnd != null && caughtUp()) {
            backlogEnd = null;
            onContext(onCaughtUp);
        }
    }

    private void hand(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (reading.commits()) {
                tracker.track(partitionOf(record), record.offset());
            }
            batch.add(record);
        }
        limit.started(batch.size());
        onContext(() -> batch.forEach(this::process));
    }

    /** On the context. */
    private void process(ConsumerRecord<String, byte[]> record) {
        // Only where the record stands is kept until it is done: its value may be large, and the handler's to drop.
        TopicPartition partition = partitionOf(record);
        long offset = record.offset();
        Future<?> handled;
        try {
            handled = failure == null ? handler.apply(record) : Future.failedFuture(failure);
        } catch (RuntimeException e) {
            // A handler that throws instead of failing its future is broken: stop rather than skip records.
            handled = Future.failedFuture(e);
            died(e);
        }
        handled.onComplete(result -> finish(partition, offset, result.succeeded()));
    }

    private void finish(TopicPartition partition, long offset, boolean done) {
        if (done && reading.commits()) {
            tracker.done(partition, offset);
        }
        limit.finished();
    }

    private void applyFlowControl() {
        boolean pause = stopping || limit.shouldPause(paused);
        if (pause) {
            Set<TopicPartition> toPause = new HashSet<>(consumer.assignment());
            toPause.removeAll(consumer.paused());
            if (!toPause.isEmpty()) {
                consumer.pause(toPause);
            }
            if (!paused) {
                LOG.debug("{} pauses {} with {} records in flight", name, toPause, limit.current());
            }
        } else if (paused) {
            LOG.debug("{} resumes with {} records in flight", name, limit.current());
            consumer.resume(consumer.paused());
        }
        paused = pause;
    }

    private boolean caughtUp() {
        return backlogEnd.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e != null) {
                LOG.warn("{}: commit of {} failed, offered again with the next one: {}", name, committed, e.toString());
                tracker.commitFailed(committed);
            }
        });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets, CLOSE_TIMEOUT);
            } catch (WakeupException e) {
                // A stop() that came after the last poll woke this call instead; that wake-up is spent now.
                consumer.commitSync(offsets, CLOSE_TIMEOUT);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: commit of {} failed; those records will be read again by the partitions' next owner: {}",
                name, offsets, e.toString());
        }
    }

    private void close() {
        closed = true;
        KafkaConsumer<String, byte[]> open = consumer;
        if (open == null) {
            return;
        }
        if (reading.commits()) {
            commitSync(tracker.takeCommittable());
            if (limit.current() > 0) {
                LOG.info("{} leaves {} unfinished records to the partitions' next owner", name, limit.current());
            }
        }
        try {
            open.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("{} did not close cleanly: {}", name, e.toString());
        }
        if (clientMetrics != null) {
            clientMetrics.close();
        }
    }

    private void died(Throwable e) {
        if (failure == null) {
            failure = e;
            LOG.error("{} stopped reading {}: {}", name, reading, e.toString(), e);
        }
        wake();
    }

    private void wake() {
        KafkaConsumer<String, byte[]> open = consumer;
        if (open != null) {
            open.wakeup();
        }
    }

    private void onContext(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** Runs inside {@code poll}, on the loop's thread. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            partitions -= revoked.size();
            if (!revoked.isEmpty()) {
                LOG.info("{}: partitions revoked: {}; committing what is done", name, revoked);
                commitSync(tracker.revoke(revoked));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            partitions -= lost.size();
            LOG.warn("{}: partitions lost: {}; their records in flight will be read again by the new owner",
                name, lost);
            tracker.revoke(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            partitions += assigned.size();
            LOG.info("{}: partitions assigned: {}", name, assigned);
            if (paused && !assigned.isEmpty()) {
                consumer.pause(assigned);
            }
        }
    }
}
