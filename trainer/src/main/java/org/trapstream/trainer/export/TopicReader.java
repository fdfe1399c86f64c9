package org.trapstream.trainer.export;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;

/**
 * Reads a topic once from the beginning of every partition to the end offsets it had when reading began, with a
 * plain consumer by assignment: in no consumer group, so it commits nothing and takes no partitions from the
 * roles. Blocking; for commands.
 */
final class TopicReader {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private TopicReader() {
    }

    static void readAll(TrapstreamConfig config, String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(config, null, "trapstream-export"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, CALL_TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CALL_TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p, CALL_TIMEOUT) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
            }
        }
    }
}
