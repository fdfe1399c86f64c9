package org.trapstream.trainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.kafka.EmbeddedKafka;

import static org.junit.jupiter.api.Assertions.fail;

/** The shared embedded broker, a configuration pointing at it, and the few blocking client calls tests make. */
public final class TestKafka {

    /** A configuration on the shared broker with its own data dir; the topics exist when it returns. */
    public static TrapstreamConfig config(Path dataDir, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(overrides);
        values.put(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        values.put(GeneralSettings.DATA_DIR, dataDir.toString());
        values.put(KafkaSettings.KAFKA_TOPIC_PARTITIONS, "2");
        TrapstreamConfig config = TrapstreamConfig.of(TrainerConfig.DEFINITION, values);
        TopicAdmin.ensureTopics(config);
        return config;
    }

    public static void send(TrapstreamConfig config, String topic, List<Map.Entry<String, String>> keyedValues) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            new HashMap<String, Object>(KafkaClients.producer(config, "trainer-test")))) {
            for (Map.Entry<String, String> kv : keyedValues) {
                producer.send(new ProducerRecord<>(topic, kv.getKey(), kv.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Records in the topic right now (sum of end offsets): what earlier tests on the shared broker left there. */
    public static long recordsIn(TrapstreamConfig config, String topic) {
        return endOffsets(config, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the group has committed every partition of the topic up to its end. */
    public static boolean committedToEnd(TrapstreamConfig config, String topic, String group) {
        Map<TopicPartition, Long> ends = endOffsets(config, topic);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of group " + group, e);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(TrapstreamConfig config, String topic) {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toSet());
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the end offsets of " + topic, e);
        }
    }

    /** Polls the condition until it holds or the time is up (then fails with the message). */
    public static void await(Duration timeout, String message, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout + ": " + message);
            }
            Thread.sleep(100);
        }
    }

    private TestKafka() {
    }
}
