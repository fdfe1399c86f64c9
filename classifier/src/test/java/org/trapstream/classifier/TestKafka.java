package org.trapstream.classifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.kafka.EmbeddedKafka;

/**
 * The JVM's shared embedded broker with Trapstream's topics, and what tests do with it. Test classes share the
 * topics, so each test starts its consumer groups at the current end and picks its own records by image id.
 */
final class TestKafka {

    private static TrapstreamConfig base;

    private TestKafka() {
    }

    static synchronized TrapstreamConfig config(Path dataDir, Map<String, String> overrides) {
        if (base == null) {
            base = TrapstreamConfig.of(ClassifierConfig.DEFINITION, Map.of(
                KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers(),
                KafkaSettings.KAFKA_TOPIC_PARTITIONS, "3"));
            TopicAdmin.ensureTopics(base);
        }
        Map<String, String> all = new HashMap<>(overrides);
        all.put(GeneralSettings.DATA_DIR, dataDir.toString());
        return base.with(all);
    }

    static String uniqueGroup(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(new HashMap<>(KafkaClients.producer(base, "test-producer-" + UUID.randomUUID())));
    }

    static KafkaConsumer<String, byte[]> consumer(String group, Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(base, group, "test-" + group));
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    static void sendAll(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) {
        List<Future<?>> acks = new ArrayList<>();
        records.forEach(r -> acks.add(producer.send(r)));
        for (Future<?> ack : acks) {
            get(ack);
        }
    }

    static void announce(KafkaProducer<String, byte[]> producer, ModelAnnouncement announcement) {
        get(producer.send(new ProducerRecord<>(Topics.MODELS, announcement.modelName(),
            announcement.toJson().toBuffer().getBytes())));
    }

    /** Deletes earlier test classes' model announcements, as a compacted topic would with a tombstone. */
    static void forgetAnnouncedModel(KafkaProducer<String, byte[]> producer) {
        get(producer.send(new ProducerRecord<>(Topics.MODELS, ModelAnnouncement.DEFAULT_MODEL, null)));
    }

    /** Makes {@code group} start at the current end of the image topic, past other tests' images. */
    static void startGroupAtEnd(String group) {
        try (Admin admin = Admin.create(KafkaClients.admin(base))) {
            Map<TopicPartition, OffsetAndMetadata> ends = imageEndOffsets().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
            admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot move group " + group + " to the end", e);
        }
    }

    /** The offset after the last record of each partition of the image topic. */
    static Map<TopicPartition, Long> imageEndOffsets() {
        try (Admin admin = Admin.create(KafkaClients.admin(base))) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(Topics.IMAGES)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(Topics.IMAGES).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.IMAGES, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the end offsets of " + Topics.IMAGES, e);
        }
    }

    static Map<TopicPartition, Long> committed(String group) {
        try (Admin admin = Admin.create(KafkaClients.admin(base))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of group " + group, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code enough} holds for the records that {@code mine}
     * selects, or the timeout passes; returns those records in partition order.
     */
    static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> mine,
                                                     Predicate<List<ConsumerRecord<String, byte[]>>> enough,
                                                     Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer("reader-" + UUID.randomUUID(), Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(found) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (mine.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    private static void get(Future<?> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge", e);
        }
    }
}
