package org.trapstream.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bytedeco.javacpp.Pointer;

/**
 * One row of the soak report per call: what happened since the previous call. Throughput counts the predictions
 * that arrived in the interval, the p99 latency is over those (from handing the raw image to the producer to its
 * prediction arriving), memory and garbage collection are this JVM's (the whole system runs in it), and lag is
 * each consumer group's records behind the end of its topic.
 */
final class SoakSampler {

    /** A consumer group and the topic whose lag is reported for it. */
    record Group(String name, String groupId, String topic) {}

    /**
     * @param heapUsedBytes   Java heap in use at the end of the interval
     * @param javacppBytes    off-heap bytes JavaCPP tracks for the pointers it allocated ({@code Pointer.totalBytes}):
     *                        ND4J's CPU backend allocates its arrays and workspaces natively, outside this count
     * @param physicalBytes   the process's resident memory as JavaCPP reads it ({@code Pointer.physicalBytes}), what
     *                        JavaCPP's maxphysicalbytes limits: with the heap flat, its growth is native memory (ND4J)
     */
    record Row(double atSeconds, int sent, int predicted, double offeredPerSecond, double predictionsPerSecond,
               Double p99LatencyMs, long heapUsedBytes, long javacppBytes, long physicalBytes, long gcCount,
               long gcMillis, Map<String, Long> lag) {

        JsonObject toJson() {
            JsonObject lags = new JsonObject();
            lag.forEach(lags::put);
            return new JsonObject()
                .put("at_seconds", Percentiles.round(atSeconds))
                .put("sent", sent)
                .put("predicted", predicted)
                .put("offered_per_second", Percentiles.round(offeredPerSecond))
                .put("predictions_per_second", Percentiles.round(predictionsPerSecond))
                .put("p99_latency_ms", p99LatencyMs)
                .put("heap_used_bytes", heapUsedBytes)
                .put("javacpp_bytes", javacppBytes)
                .put("physical_bytes", physicalBytes)
                .put("gc_count", gcCount)
                .put("gc_ms", gcMillis)
                .put("lag", lags);
        }
    }

    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final Map<String, Long> sentAt;
    private final Map<String, PredictionCollector.Arrival> arrivals;
    private final Admin admin;
    private final List<Group> groups;
    private final long start = System.nanoTime();
    private long previous = start;
    private long gcCount = gcCount();
    private long gcMillis = gcMillis();

    SoakSampler(Map<String, Long> sentAt, Map<String, PredictionCollector.Arrival> arrivals, Admin admin,
                List<Group> groups) {
        this.sentAt = sentAt;
        this.arrivals = arrivals;
        this.admin = admin;
        this.groups = groups;
    }

    synchronized Row row() {
        long now = System.nanoTime();
        double seconds = (now - previous) / 1e9;
        int sent = (int) sentAt.values().stream().filter(t -> t > previous && t <= now).count();
        List<Long> latencies = new ArrayList<>();
        arrivals.forEach((id, arrival) -> {
            Long sentNanos = sentAt.get(id);
            if (sentNanos != null && arrival.nanos() > previous && arrival.nanos() <= now) {
                latencies.add(arrival.nanos() - sentNanos);
            }
        });
        Percentiles latency = Percentiles.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray());
        long gcs = gcCount();
        long gcTime = gcMillis();
        Row row = new Row((now - start) / 1e9, sent, latencies.size(), sent / seconds, latencies.size() / seconds,
            latencies.isEmpty() ? null : Percentiles.round(latency.p99()),
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Pointer.totalBytes(),
            Pointer.physicalBytes(), gcs - gcCount, gcTime - gcMillis, lag());
        previous = now;
        gcCount = gcs;
        gcMillis = gcTime;
        return row;
    }

    /** Per group: the end offsets of its topic's partitions less what the group committed there (0 if nothing). */
    private Map<String, Long> lag() {
        Map<String, Long> lag = new HashMap<>();
        try {
            for (Group group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(group.topic())).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(group.topic()).partitions()
                    .forEach(p -> latest.put(new TopicPartition(group.topic(), p.partition()), OffsetSpec.latest()));
                long behind = 0;
                for (var end : admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    behind += end.getValue().offset() - (done == null ? 0 : done.offset());
                }
                lag.put(group.name(), behind);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the consumer groups' lag: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the lag", e);
        }
        return lag;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(n -> n > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(n -> n > 0).sum();
    }
}
