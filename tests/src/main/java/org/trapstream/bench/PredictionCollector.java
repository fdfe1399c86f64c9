package org.trapstream.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.Reading;

/**
 * Reads camtrap.predictions from the beginning through a {@link ConsumerLoop}, as a downstream user of the
 * stream would, and notes the {@link System#nanoTime()} each image's first prediction arrived at on the
 * benchmark's context, with the timings the classifier measured for it.
 */
final class PredictionCollector implements AutoCloseable {

    record Arrival(long nanos, Prediction.Timings timings) {}

    /**
     * A backlog's predictions after the warm-up, their rate, and snapshots of whatever the caller measures
     * (meters, CPU) taken when the warm-up ended and when the last prediction arrived.
     */
    record Drained<S>(Map<String, Arrival> steady, double imagesPerSecond, S before, S after) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final ConsumerLoop loop;

    PredictionCollector(TrapstreamConfig config, Context context) {
        loop = ConsumerLoop.builder(config, "bench-collector", Reading.everyPartitionOf(List.of(Topics.PREDICTIONS)))
            .handle(context, this::arrived);
        Futures.await(loop.start(), TIMEOUT);
    }

    int count() {
        return arrivals.size();
    }

    /** Image id -> when its prediction arrived; grows as predictions arrive. */
    Map<String, Arrival> arrivals() {
        return Collections.unmodifiableMap(arrivals);
    }

    /**
     * How long the predictions of {@code images} records produced at once may take: half a second per image, at
     * least a minute. Generous: some fifty times what the seed CNN's pipeline takes here, some five times a
     * ResNet-50's on two busy cores.
     */
    static Duration timeoutFor(int images) {
        return Duration.ofSeconds(Math.max(60, images / 2));
    }

    /** Waits until {@code count} predictions have arrived; false at the timeout. */
    boolean awaitCount(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrivals.size() < count && System.nanoTime() < deadline) {
            pause();
        }
        return arrivals.size() >= count;
    }

    /** Waits until every id has its prediction, or the timeout; returns those that arrived. */
    Map<String, Arrival> await(Collection<String> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!arrivals.keySet().containsAll(ids) && System.nanoTime() < deadline) {
            pause();
        }
        Map<String, Arrival> arrived = new HashMap<>();
        ids.forEach(id -> {
            Arrival arrival = arrivals.get(id);
            if (arrival != null) {
                arrived.put(id, arrival);
            }
        });
        return arrived;
    }

    /**
     * Waits for the predictions of {@code backlog}, records that waited in Kafka before their consumer started:
     * throughput runs from the prediction that ends the warm-up (the first tenth) to the last one.
     *
     * @throws IllegalStateException when a prediction has not arrived within {@link #timeoutFor} the backlog
     */
    <S> Drained<S> drain(Set<String> backlog, Supplier<S> snapshot) {
        int warmUp = Math.max(1, backlog.size() / 10);
        Duration timeout = timeoutFor(backlog.size());
        if (!awaitCount(warmUp, timeout)) {
            throw new IllegalStateException("Only " + count() + " of " + warmUp + " warm-up predictions arrived within "
                + timeout.toSeconds() + " s");
        }
        S before = snapshot.get();
        Map<String, Arrival> arrived = await(backlog, timeout);
        S after = snapshot.get();
        if (arrived.size() < backlog.size()) {
            throw new IllegalStateException("Only " + arrived.size() + " of " + backlog.size()
                + " predictions arrived within " + timeout.toSeconds() + " s");
        }
        long[] times = arrived.values().stream().mapToLong(Arrival::nanos).sorted().toArray();
        long warm = times[warmUp - 1];
        double rate = (times.length - warmUp) / ((times[times.length - 1] - warm) / 1e9);
        Map<String, Arrival> steady = new HashMap<>(arrived);
        steady.values().removeIf(a -> a.nanos() <= warm);
        return new Drained<>(steady, rate, before, after);
    }

    private void pause() {
        if (!loop.healthy()) {
            throw new IllegalStateException("Reading predictions failed; the log says why");
        }
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for predictions", e);
        }
    }

    private void arrived(ConsumerRecord<String, byte[]> record) {
        long now = System.nanoTime();
        Prediction prediction = Prediction.fromJson(new JsonObject(Buffer.buffer(record.value())));
        arrivals.putIfAbsent(prediction.imageId(), new Arrival(now, prediction.timings()));
    }

    @Override
    public void close() {
        Futures.await(loop.stop(Duration.ZERO), TIMEOUT);
    }
}
