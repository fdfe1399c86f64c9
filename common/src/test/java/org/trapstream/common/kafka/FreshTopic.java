package org.trapstream.common.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.kafka.EmbeddedKafka;

/**
 * A topic no other test writes to, on the JVM's shared broker: it starts empty, so a test knows every offset in
 * it, and its consumer groups start at the beginning.
 */
final class FreshTopic {

    static final int PARTITIONS = 3;

    final TrapstreamConfig config;
    final String name = "loop-test-" + UUID.randomUUID();

    FreshTopic() {
        config = TrapstreamConfig.of(KafkaSettings.DEFINITION, Map.of(
            KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers()));
        admin(admin -> admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all()
            .get(30, TimeUnit.SECONDS));
    }

    TopicPartition partition(int number) {
        return new TopicPartition(name, number);
    }

    /** Writes {@code count} records to the partition and waits until Kafka has them. */
    void send(int partition, int count) {
        Map<String, Object> props = new HashMap<>(KafkaClients.producer(config, "loop-test-producer"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(name, partition, "key-" + i, new byte[] {(byte) i})));
            }
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not take the records", e);
        }
    }

    /** The group's committed offsets on this topic's partitions. */
    Map<TopicPartition, Long> committed(String group) {
        return admin(admin -> {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(name)) {
                        committed.put(partition, offset.offset());
                    }
                });
            return committed;
        });
    }

    /** Commits offsets for a group that has no members, as if it had read that far. */
    void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        admin(admin -> admin.alterConsumerGroupOffsets(group, commit).all().get(30, TimeUnit.SECONDS));
    }

    private interface AdminCall<T> {
        T apply(Admin admin) throws Exception;
    }

    private <T> T admin(AdminCall<T> call) {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            return call.apply(admin);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka admin call failed: " + e, e);
        }
    }
}
