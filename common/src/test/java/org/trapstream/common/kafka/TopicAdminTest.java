package org.trapstream.common.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.kafka.EmbeddedKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On a broker of its own, so the topics are created by the call under test rather than found. */
class TopicAdminTest {

    private static final List<String> NAMES = Topics.ALL.stream().map(Topics.Spec::name).toList();

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static TrapstreamConfig config;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        config = TrapstreamConfig.of(KafkaSettings.DEFINITION,
            Map.of(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void returnsOnlyOnceEveryPartitionOfEveryTopicHasALeader() throws Exception {
        TopicAdmin.ensureTopics(config);

        int partitions = config.getInt(KafkaSettings.KAFKA_TOPIC_PARTITIONS);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Map<String, TopicDescription> topics =
                admin.describeTopics(NAMES).allTopicNames().get(30, TimeUnit.SECONDS);
            for (Topics.Spec spec : Topics.ALL) {
                List<TopicPartitionInfo> created = topics.get(spec.name()).partitions();
                assertEquals(spec.partitioned() ? partitions : 1, created.size(), spec.name());
                for (TopicPartitionInfo partition : created) {
                    assertNotNull(partition.leader(), spec.name() + "-" + partition.partition());
                    assertFalse(partition.leader().isEmpty(), spec.name() + "-" + partition.partition());
                }
            }
        }
        // The idempotent producer's first batch to every partition is taken straight away.
        try (KafkaProducer<String, byte[]> producer =
                 new KafkaProducer<>(new HashMap<String, Object>(KafkaClients.producer(config, "topic-admin-test")))) {
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(new ProducerRecord<>(Topics.IMAGES, partition, "key",
                    "first".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        }

        TopicAdmin.ensureTopics(config); // the topics exist now: checked, not created again
    }

    @Test
    void aTopicWithoutLeadersFailsNamingIt() {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> TopicAdmin.awaitLeaders(admin, List.of("camtrap.never-created"), Duration.ofMillis(500)));
            assertTrue(failure.getMessage().contains("no leader within 500 ms to topic camtrap.never-created"),
                failure.getMessage());
        }
    }
}
