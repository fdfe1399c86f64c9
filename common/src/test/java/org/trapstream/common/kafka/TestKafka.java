package org.trapstream.common.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.kafka.EmbeddedKafka;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * The JVM's shared embedded broker with Trapstream's topics, and what tests do with it: configure a role for it,
 * produce, read a topic, look at a group's offsets, and wait for those to move.
 *
 * <p>Test classes share the broker and its topics, so a test picks its own records out by key (fresh image ids,
 * fresh groups), and starts a new group at the topic's end when earlier records must not reach it.
 *
 * <p>Absence is proven by offsets, never by a quiet moment: once a group has committed past a record, everything
 * its handling produced has been acknowledged, so what a topic holds up to its end offsets is all there will be
 * ({@link #readToEnd}). Everything else that takes time is awaited through {@code Eventually}.
 */
public final class TestKafka {

    /** How long a test waits for records or offsets: generous, as the machines running the tests are loaded. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);
    /** The partitions of Trapstream's topics on the shared broker: more than one, so tests see partition order. */
    public static final int PARTITIONS = 3;

    private static final long CALL_TIMEOUT_SECONDS = 30;
    private static final Duration POLL = Duration.ofMillis(100);

    private static TrapstreamConfig base;
    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {
    }

    /** Settings that point at the shared broker (Kafka and general keys only), whose topics exist once this returns. */
    public static synchronized TrapstreamConfig config() {
        if (base == null) {
            base = TrapstreamConfig.of(ConfigDef.compose(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION),
                brokerSettings());
            TopicAdmin.ensureTopics(base);
        }
        return base;
    }

    /**
     * A role's settings on the shared broker, as its {@code definition} reads them, with its own data directory and
     * (where it serves HTTP) free ports; {@code settings} override the rest.
     */
    public static TrapstreamConfig config(ConfigDef definition, Path dataDir, Map<String, String> settings) {
        config();
        Map<String, String> values = new HashMap<>(brokerSettings());
        if (definition.contains(HttpSettings.HTTP_PORT)) {
            values.put(HttpSettings.HTTP_PORT, "0");
            values.put(HttpSettings.METRICS_PORT, "0");
        }
        values.put(GeneralSettings.DATA_DIR, dataDir.toString());
        values.putAll(settings);
        return TrapstreamConfig.of(definition, values);
    }

    private static Map<String, String> brokerSettings() {
        return Map.of(
            KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers(),
            KafkaSettings.KAFKA_TOPIC_PARTITIONS, String.valueOf(PARTITIONS));
    }

    /** A consumer group no other test uses. */
    public static String uniqueGroup(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Creates a topic no other test writes to: it starts empty, so a test knows every offset in it. */
    public static String freshTopic(String prefix, int partitions) {
        String topic = prefix + "-" + UUID.randomUUID();
        admin(admin -> admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
            .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        return topic;
    }

    // ---- producing ----

    /** Sends the records, headers and all, and returns once Kafka acknowledged every one. */
    public static void send(List<ProducerRecord<String, byte[]>> records) {
        KafkaProducer<String, byte[]> shared = producer();
        List<Future<?>> acks = new ArrayList<>();
        records.forEach(record -> acks.add(shared.send(record)));
        try {
            for (Future<?> ack : acks) {
                ack.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the records", e);
        }
    }

    public static void send(ProducerRecord<String, byte[]> record) {
        send(List.of(record));
    }

    /** One producer for the JVM, like the broker: its network thread is a daemon and ends with the JVM. */
    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(new HashMap<>(KafkaClients.producer(config(), "test-producer")));
        }
        return producer;
    }

    // ---- offsets ----

    /** The offset the next record will get, per partition of {@code topic}. */
    public static Map<TopicPartition, Long> endOffsets(String topic) {
        return endOffsets(config(), topic);
    }

    /** {@link #endOffsets(String)} on the cluster that {@code cluster}'s Kafka keys name. */
    public static Map<TopicPartition, Long> endOffsets(TrapstreamConfig cluster, String topic) {
        return admin(cluster, admin -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, end) -> ends.put(partition, end.offset()));
            return ends;
        });
    }

    /** How many records {@code topic} holds: what earlier tests on the shared broker left there, too. */
    public static long recordsIn(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The offsets {@code group} committed on {@code topic}; partitions it never committed are absent. */
    public static Map<TopicPartition, Long> committed(String group, String topic) {
        return committed(config(), group, topic);
    }

    /** {@link #committed(String, String)} on the cluster that {@code cluster}'s Kafka keys name. */
    public static Map<TopicPartition, Long> committed(TrapstreamConfig cluster, String group, String topic) {
        return admin(cluster, admin -> {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(topic)) {
                        committed.put(partition, offset.offset());
                    }
                });
            return committed;
        });
    }

    /** Commits {@code positions} for a group that has no members, as if it had read that far. */
    public static void commit(String group, Map<TopicPartition, Long> positions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((partition, position) -> offsets.put(partition, new OffsetAndMetadata(position)));
        admin(admin -> admin.alterConsumerGroupOffsets(group, offsets).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    /** Makes a group new to {@code topic} start where it ends now, past the records earlier tests left there. */
    public static void startGroupAtEnd(String group, String topic) {
        commit(group, endOffsets(topic));
    }

    /**
     * Waits until {@code group} has committed every partition of {@code topic} up to where it ends now (an empty
     * partition needs no commit): everything in it before now has been handled, and what handling it produced
     * has been acknowledged.
     */
    public static void awaitCommittedToEnd(String group, String topic) {
        awaitCommittedToEnd(config(), group, topic);
    }

    /** {@link #awaitCommittedToEnd(String, String)} on the cluster that {@code cluster}'s Kafka keys name. */
    public static void awaitCommittedToEnd(TrapstreamConfig cluster, String group, String topic) {
        Map<TopicPartition, Long> ends = endOffsets(cluster, topic);
        eventually(PATIENCE, () -> {
            Map<TopicPartition, Long> committed = committed(cluster, group, topic);
            ends.forEach((partition, end) -> assertTrue(end == 0 || committed.getOrDefault(partition, 0L) >= end,
                "group " + group + " committed " + committed + ", the topic ends at " + ends));
        });
    }

    // ---- consuming ----

    /**
     * Every record {@code mine} selects of what {@code topic} holds up to its end offsets as of this call, in
     * partition order. Read after the producer's records were acknowledged, it is all there is of them: an empty
     * answer proves absence.
     */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(String topic,
                                                                 Predicate<ConsumerRecord<String, byte[]>> mine) {
        return readToEnd(config(), topic, mine);
    }

    /** {@link #readToEnd(String, Predicate)} on the cluster that {@code cluster}'s Kafka keys name. */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(TrapstreamConfig cluster, String topic,
                                                                 Predicate<ConsumerRecord<String, byte[]>> mine) {
        try (KafkaConsumer<String, byte[]> consumer = reader(cluster)) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            eventually(PATIENCE, () -> {
                consumer.poll(POLL).forEach(record -> {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                        && mine.test(record)) {
                        found.add(record);
                    }
                });
                partitions.forEach(p -> assertTrue(consumer.position(p) >= ends.get(p),
                    "reading " + p + " up to " + ends.get(p) + ", at " + consumer.position(p)));
            });
            return found;
        }
    }

    /** Reads {@code topic} from its beginning until {@code count} records that {@code mine} selects are there. */
    public static List<ConsumerRecord<String, byte[]>> await(String topic, Predicate<ConsumerRecord<String, byte[]>> mine,
                                                             int count) {
        return awaitUntil(topic, mine, found -> assertTrue(found.size() >= count,
            "waiting for " + count + " records on " + topic + ", found " + found.size()));
    }

    /**
     * Reads {@code topic} from its beginning, keeping the records that {@code mine} selects, until {@code enough}
     * (an assertion on them) passes; returns them in the order read.
     */
    public static List<ConsumerRecord<String, byte[]>> awaitUntil(String topic,
                                                                  Predicate<ConsumerRecord<String, byte[]>> mine,
                                                                  Consumer<List<ConsumerRecord<String, byte[]>>> enough) {
        try (KafkaConsumer<String, byte[]> consumer = reader(config())) {
            assignFromBeginning(consumer, topic);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            eventually(PATIENCE, () -> {
                consumer.poll(POLL).forEach(record -> {
                    if (mine.test(record)) {
                        found.add(record);
                    }
                });
                enough.accept(found);
            });
            return found;
        }
    }

    /** Waits for the first record keyed {@code key} on {@code topic}. */
    public static ConsumerRecord<String, byte[]> awaitKey(String topic, String key) {
        return await(topic, record -> key.equals(record.key()), 1).get(0);
    }

    /** A consumer in no group: it reads by assignment and commits nothing. */
    private static KafkaConsumer<String, byte[]> reader(TrapstreamConfig cluster) {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumer(cluster, "unused", "test-reader"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props);
    }

    private static List<TopicPartition> assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    // ---- admin ----

    private interface AdminCall<T> {
        T apply(Admin admin) throws Exception;
    }

    private static <T> T admin(AdminCall<T> call) {
        return admin(config(), call);
    }

    private static <T> T admin(TrapstreamConfig cluster, AdminCall<T> call) {
        try (Admin admin = Admin.create(KafkaClients.admin(cluster))) {
            return call.apply(admin);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka admin call failed: " + e, e);
        }
    }
}
