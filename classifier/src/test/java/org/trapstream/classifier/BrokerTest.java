package org.trapstream.classifier;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The arrangement the classifier's broker tests share: the JVM's embedded broker and a producer onto it. */
abstract class BrokerTest {

    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void broker(@TempDir Path unused) {
        TestKafka.config(unused, Map.of());
        producer = TestKafka.producer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }
}
