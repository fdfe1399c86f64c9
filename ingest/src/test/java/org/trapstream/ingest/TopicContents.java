package org.trapstream.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;

/**
 * Reads what a topic holds right now, from the beginning of every partition to its end, without joining a
 * consumer group. Test classes share one broker, so callers pick their own records out by image id.
 */
final class TopicContents {

    private TopicContents() {
    }

    static List<ConsumerRecord<String, byte[]>> read(TrapstreamConfig config, String topic) {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(config, "unused", "test-reader"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    static List<ConsumerRecord<String, byte[]>> read(TrapstreamConfig config, String topic,
                                                    Predicate<ConsumerRecord<String, byte[]>> filter) {
        return read(config, topic).stream().filter(filter).toList();
    }
}
