package org.trapstream.tests.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.kafka.EmbeddedKafka;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * The broker stopped mid-stream and started again on the same log directory and port, with a classifier process
 * working and a camera producing through the outage: both reconnect by themselves, the images sent while the
 * broker was down go out once it is back, and every image gets its prediction. A broker of the test's own, not
 * the JVM's shared one, which other tests rely on.
 */
class BrokerRestartFaultTest {

    @ParameterizedTest(name = "round {0}")
    @MethodSource("org.trapstream.tests.faults.Scale#rounds")
    void producersAndConsumersRideOutABrokerRestart(int round, @TempDir Path kafkaDir, @TempDir Path dataDir)
        throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start(kafkaDir, 0);
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        TrapstreamConfig cluster = TrapstreamConfig.of(
            ConfigDef.compose(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION), Map.of(
                KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, bootstrap,
                KafkaSettings.KAFKA_TOPIC_PARTITIONS, String.valueOf(TestKafka.PARTITIONS)));
        TopicAdmin.ensureTopics(cluster);
        String group = "fault-broker-restart";
        List<ProducerRecord<String, byte[]>> images = StreamImages.records(System.nanoTime(), Scale.images(300));
        List<List<ProducerRecord<String, byte[]>>> runs = StreamImages.split(images, 3);
        RoleProcess classifier = null;
        try (KafkaProducer<String, byte[]> camera =
                 new KafkaProducer<>(new HashMap<>(KafkaClients.producer(cluster, "fault-camera")))) {
            ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"));
            ModelMetadata model = TinyModels.save(registry, 3);
            camera.send(TinyModels.record(registry.promote(model.version()))).get(30, TimeUnit.SECONDS);
            classifier = RoleProcess.startOn(bootstrap, "classifier", dataDir,
                Map.of(ClassifierConfig.CLASSIFIER_GROUP_ID, group));
            classifier.awaitServing(model.version());

            acknowledged(send(camera, runs.get(0)));
            eventually(TestKafka.PATIENCE, () -> assertTrue(committedTotal(cluster, group) >= runs.get(0).size() / 3,
                "the classifier is working through the first run"));

            broker.close();
            // The broker comes back while the camera sends: a send without the topic's metadata waits for it (up
            // to the producer's max.block.ms), one with it is held and retried within the delivery timeout.
            CompletableFuture<EmbeddedKafka> restarted =
                CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(kafkaDir, port));
            List<Future<?>> duringOutage = send(camera, runs.get(1));
            broker = restarted.get(2, TimeUnit.MINUTES);
            acknowledged(duringOutage);
            acknowledged(send(camera, runs.get(2)));

            Deliveries deliveries = Deliveries.settled(cluster, group, StreamImages.ids(images));
            deliveries.assertNoneLost("broker restarted mid-stream");
            deliveries.assertNoDeadLetters();
            assertTrue(classifier.isAlive(), "the classifier rode out the outage");
        } finally {
            if (classifier != null) {
                classifier.close();
            }
            broker.close();
        }
    }

    private static List<Future<?>> send(KafkaProducer<String, byte[]> producer,
                                        List<ProducerRecord<String, byte[]>> records) {
        List<Future<?>> acks = new ArrayList<>();
        records.forEach(record -> acks.add(producer.send(record)));
        return acks;
    }

    private static void acknowledged(List<Future<?>> acks) throws Exception {
        for (Future<?> ack : acks) {
            ack.get(2, TimeUnit.MINUTES);
        }
    }

    private static long committedTotal(TrapstreamConfig cluster, String group) {
        return TestKafka.committed(cluster, group, Topics.IMAGES).values().stream().mapToLong(Long::longValue).sum();
    }
}
