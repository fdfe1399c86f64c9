package org.trapstream.common.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.kafka.EmbeddedKafka;
import org.trapstream.testkit.Eventually;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients built by {@link KafkaClients} against a real broker that demands SASL/PLAIN. The password holds a
 * quote and a backslash, so a login that reaches the broker intact also proves the JAAS quoting.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SaslAuthenticationTest {

    private static final String USER = "trapstream";
    private static final String PASSWORD = "pa\"ss\\w0rd";
    private static final String TOPIC = "sasl-test";

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.startWithSaslPlain(dir.resolve("kafka"), USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void theRightPasswordLetsAdminProducerAndConsumerExchangeARecord() throws Exception {
        TrapstreamConfig config = config(PASSWORD);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        byte[] value = "hello over SASL".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<>(KafkaClients.producer(config, "sasl-test")))) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> consumerProps = new HashMap<>(KafkaClients.consumer(config, "sasl-test-group", "sasl-test"));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(TOPIC));
            ConsumerRecord<String, byte[]> received = pollOne(consumer, Duration.ofSeconds(30));
            assertEquals("key", received.key());
            assertArrayEquals(value, received.value());
        }
    }

    @Test
    void aWrongPasswordFailsWithAnAuthenticationErrorWithinBoundedTime() {
        Map<String, Object> props = new HashMap<>(KafkaClients.producer(config("not-the-password"), "sasl-test-wrong"));
        // Bounds the wait for metadata; an authentication failure should end it much sooner.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> producer.send(new ProducerRecord<>(TOPIC, "key", new byte[1])).get(30, TimeUnit.SECONDS));
            SaslAuthenticationException cause = assertInstanceOf(SaslAuthenticationException.class, failure.getCause());
            assertTrue(cause.getMessage().contains("Invalid username or password"), cause.getMessage());
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "the failure should not wait out a timeout");

        Map<String, Object> consumerProps = new HashMap<>(
            KafkaClients.consumer(config("not-the-password"), "sasl-test-wrong", "sasl-test-wrong"));
        consumerProps.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(TOPIC));
            assertThrows(SaslAuthenticationException.class, () -> consumer.poll(Duration.ofSeconds(20)));
        }
    }

    private static ConsumerRecord<String, byte[]> pollOne(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        return Eventually.eventually(timeout, () -> {
            Iterator<ConsumerRecord<String, byte[]>> polled = consumer.poll(Duration.ofMillis(500)).iterator();
            assertTrue(polled.hasNext(), "no record yet");
            return polled.next();
        });
    }

    private static TrapstreamConfig config(String password) {
        return TrapstreamConfig.of(KafkaSettings.DEFINITION, Map.of(
            KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
            KafkaSettings.KAFKA_SECURITY_PROTOCOL, "SASL_PLAINTEXT",
            KafkaSettings.KAFKA_SASL_MECHANISM, "PLAIN",
            KafkaSettings.KAFKA_SASL_USERNAME, USER,
            KafkaSettings.KAFKA_SASL_PASSWORD, password));
    }
}
