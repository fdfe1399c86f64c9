package org.trapstream.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;

/** What the broker says about a consumer group's committed offsets and a topic's ends. */
final class GroupOffsets {

    private static final long TIMEOUT_SECONDS = 30;

    private GroupOffsets() {
    }

    /** The next offset to be written, per partition of {@code topic}. */
    static Map<TopicPartition, Long> ends(TrapstreamConfig config, String topic) {
        return call(config, admin -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, end) -> ends.put(partition, end.offset()));
            return ends;
        });
    }

    static Map<TopicPartition, Long> committed(TrapstreamConfig config, String group) {
        return call(config, admin -> {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, offset) -> committed.put(partition, offset.offset()));
            return committed;
        });
    }

    /** Commits {@code positions} for a group that has no members, as if it had read that far. */
    static void commit(TrapstreamConfig config, String group, Map<TopicPartition, Long> positions) {
        call(config, admin -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            positions.forEach((partition, position) -> offsets.put(partition, new OffsetAndMetadata(position)));
            return admin.alterConsumerGroupOffsets(group, offsets).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        });
    }

    private interface AdminCall<T> {
        T apply(Admin admin) throws Exception;
    }

    private static <T> T call(TrapstreamConfig config, AdminCall<T> call) {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            return call.apply(admin);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka admin call failed: " + e, e);
        }
    }
}
