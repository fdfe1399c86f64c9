package org.trapstream.common.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * Which partitions a {@link ConsumerLoop} reads and where it starts. A member of a consumer group commits; a
 * loop that reads every partition by assignment joins no group, so it never takes partitions from a group's
 * members, and moves no group's offsets unless it reads {@link #everyPartitionCommittingAs} a group of its own.
 */
public final class Reading {

    private static final Logger LOG = LoggerFactory.getLogger(Reading.class);

    private enum Start { AS_MEMBER, AT_BEGINNING, WHERE_GROUP_IS, ALL_FOR_GROUP }

    private final Start start;
    private final String groupId;
    private final List<String> topics;

    private Reading(Start start, String groupId, List<String> topics) {
        this.start = start;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
    }

    /**
     * As a member of {@code groupId}: Kafka shares the topic's partitions among the members and the loop
     * commits what is done, starting where the group left off (the beginning for a new group).
     */
    public static Reading asMemberOf(String groupId, String topic) {
        return new Reading(Start.AS_MEMBER, groupId, List.of(topic));
    }

    /** Every partition of the topics from the beginning: each reader sees every record. */
    public static Reading everyPartitionOf(List<String> topics) {
        return new Reading(Start.AT_BEGINNING, null, topics);
    }

    /**
     * Every partition of the topic from the offsets {@code groupId} committed (the beginning of a partition
     * where it has none), to look at what the group has yet to consume without joining it.
     */
    public static Reading everyPartitionWhereGroupIs(String groupId, String topic) {
        return new Reading(Start.WHERE_GROUP_IS, groupId, List.of(topic));
    }

    /**
     * Every partition of the topic, by assignment, from where {@code groupId} is, committing what is done under
     * {@code groupId}: for a reader that must see all of a topic's partitions in one place, and can therefore run
     * as one instance only. Kafka does not stop a second one (there are no members to fence), so its deployment
     * must: two would commit over each other.
     */
    public static Reading everyPartitionCommittingAs(String groupId, String topic) {
        return new Reading(Start.ALL_FOR_GROUP, groupId, List.of(topic));
    }

    boolean commits() {
        return start == Start.AS_MEMBER || start == Start.ALL_FOR_GROUP;
    }

    /** Trapstream's consumer settings with this reading's group, or in no group. */
    Map<String, Object> consumerProperties(TrapstreamConfig config, String clientId) {
        Map<String, Object> properties = new HashMap<>(KafkaClients.consumer(config, groupId, clientId));
        if (groupId == null) {
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        String instanceId = config.getString(KafkaSettings.KAFKA_GROUP_INSTANCE_ID);
        if (start == Start.AS_MEMBER && !instanceId.isEmpty()) {
            properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        return properties;
    }

    /**
     * Subscribes, or assigns and seeks; blocking. Returns the partitions assigned here, none for a member,
     * whose partitions come through {@code rebalance} while it polls.
     */
    List<TopicPartition> begin(KafkaConsumer<?, ?> consumer, ConsumerRebalanceListener rebalance) {
        if (start == Start.AS_MEMBER) {
            consumer.subscribe(topics, rebalance);
            return List.of();
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("No partitions found for " + topics);
        }
        consumer.assign(partitions);
        if (start == Start.AT_BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            seekWhereGroupIs(consumer, partitions);
        }
        return partitions;
    }

    private void seekWhereGroupIs(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        List<TopicPartition> neverCommitted = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                neverCommitted.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        // Only when there are such partitions: given none, seekToBeginning rewinds every assigned partition.
        if (!neverCommitted.isEmpty()) {
            consumer.seekToBeginning(neverCommitted);
        }
        LOG.info("Reading {} where group {} is: {} of {} partitions never committed, read from their beginning",
            topics, groupId, neverCommitted.size(), partitions.size());
    }

    @Override
    public String toString() {
        return switch (start) {
            case AS_MEMBER -> topics + " as a member of group " + groupId;
            case AT_BEGINNING -> "every partition of " + topics + " from the beginning";
            case WHERE_GROUP_IS -> "every partition of " + topics + " where group " + groupId + " is";
            case ALL_FOR_GROUP -> "every partition of " + topics + ", committing as group " + groupId;
        };
    }
}
