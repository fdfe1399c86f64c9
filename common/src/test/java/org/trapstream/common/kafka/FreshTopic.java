package org.trapstream.common.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * A topic no other test writes to, on the JVM's shared broker: it starts empty, so a test knows every offset in
 * it, and its consumer groups start at the beginning.
 */
final class FreshTopic {

    static final int PARTITIONS = 3;

    final TrapstreamConfig config = TestKafka.config();
    final String name = TestKafka.freshTopic("loop-test", PARTITIONS);

    TopicPartition partition(int number) {
        return new TopicPartition(name, number);
    }

    /** Writes {@code count} records to the partition and waits until Kafka has them. */
    void send(int partition, int count) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(name, partition, "key-" + i, new byte[] {(byte) i}));
        }
        TestKafka.send(records);
    }

    /** The group's committed offsets on this topic's partitions. */
    Map<TopicPartition, Long> committed(String group) {
        return TestKafka.committed(group, name);
    }

    /** Commits offsets for a group that has no members, as if it had read that far. */
    void commit(String group, Map<TopicPartition, Long> offsets) {
        TestKafka.commit(group, offsets);
    }
}
