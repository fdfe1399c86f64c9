package org.trapstream.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaTest {

    private static final int FIVE_MB = 5 * 1024 * 1024;

    @Test
    void sharedBrokerCarriesAFiveMegabyteRecord() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String topic = "big-records-" + UUID.randomUUID();
        createTopic(kafka, topic, Map.of("max.message.bytes", String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES)));
        byte[] image = new byte[FIVE_MB];
        new Random(7).nextBytes(image);

        produce(kafka, topic, image);
        List<byte[]> received = consume(kafka, topic, 1);

        assertEquals(1, received.size());
        assertArrayEquals(image, received.get(0));
        assertTrue(kafka == EmbeddedKafka.shared(), "shared() returns the same broker every time");
    }

    @Test
    void restartOnTheSameDirectoryKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
        byte[] value = "kept across restarts".getBytes();
        try (EmbeddedKafka first = EmbeddedKafka.start(dir, 0)) {
            createTopic(first, "durable", Map.of());
            produce(first, "durable", value);
        }
        assertTrue(Files.exists(dir.resolve("meta.properties")), "storage was formatted");

        try (EmbeddedKafka second = EmbeddedKafka.start(dir, 0)) {
            try (Admin admin = Admin.create(adminConfig(second))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(topics.contains("durable"), "topic survives a restart: " + topics);
            }
            List<byte[]> received = consume(second, "durable", 1);
            assertArrayEquals(value, received.get(0));
        }
    }

    private static Map<String, Object> adminConfig(EmbeddedKafka kafka) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    private static void createTopic(EmbeddedKafka kafka, String topic, Map<String, String> config) throws Exception {
        try (Admin admin = Admin.create(adminConfig(kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(config)))
                .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(EmbeddedKafka kafka, String topic, byte[] value) throws Exception {
        Map<String, Object> config = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES,
            ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                 new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
            assertEquals(0, metadata.offset());
        }
    }

    private static List<byte[]> consume(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> config = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES,
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES);
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                 new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
