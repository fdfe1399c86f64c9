package org.trapstream.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;

/**
 * Creates Trapstream's topics with their settings when they do not exist yet, and returns only once every
 * partition of them has a leader. Blocking: call from a worker (the roles do, inside {@code executeBlocking}, so a
 * failure here fails their start).
 */
public final class TopicAdmin {

    /** Bounds each step: listing, creating, and waiting for the partitions' leaders. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Between looks at the partitions: on one broker a new topic's leaders are there within a few hundred ms. */
    private static final Duration LEADER_POLL = Duration.ofMillis(100);

    public static void ensureTopics(TrapstreamConfig config) {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            createMissing(admin, config);
            awaitLeaders(admin, Topics.ALL.stream().map(Topics.Spec::name).toList(), TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    private static void createMissing(Admin admin, TrapstreamConfig config) throws InterruptedException {
        int partitions = config.getInt(KafkaSettings.KAFKA_TOPIC_PARTITIONS);
        short replication = (short) config.getInt(KafkaSettings.KAFKA_TOPIC_REPLICATION);
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitioned() ? partitions : 1, replication)
                        .configs(spec.config()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            // Another process created them meanwhile: fine, their leaders are awaited all the same.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create Trapstream's topics: " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT.toSeconds()
                + " s while creating topics", e);
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader. Just after creation a partition may have none
     * yet; a producer's first batch refused in that moment once left an idempotent producer retrying with
     * OUT_OF_ORDER_SEQUENCE_NUMBER, so nothing should produce before this returns.
     */
    static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> waitingFor = leaderless(admin, topics);
            if (waitingFor.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("Kafka gave no leader within " + timeout.toMillis() + " ms to "
                    + String.join(", ", waitingFor));
            }
            Thread.sleep(LEADER_POLL.toMillis());
        }
    }

    /** The partitions ({@code topic-partition}) without a leader, and the topics the broker does not know yet. */
    private static List<String> leaderless(Admin admin, Collection<String> topics) throws InterruptedException {
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(topics).topicNameValues();
        List<String> waitingFor = new ArrayList<>();
        for (String topic : topics) {
            try {
                TopicDescription description = descriptions.get(topic).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                for (TopicPartitionInfo partition : description.partitions()) {
                    if (partition.leader() == null || partition.leader().isEmpty()) {
                        waitingFor.add("partition " + topic + "-" + partition.partition());
                    }
                }
            } catch (ExecutionException e) {
                // A topic created a moment ago may not have reached the broker's metadata yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Cannot describe topic " + topic + ": "
                        + e.getCause().getMessage(), e);
                }
                waitingFor.add("topic " + topic + " (not known to the broker yet)");
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not describe topic " + topic + " within "
                    + TIMEOUT.toSeconds() + " s while waiting for its partitions' leaders", e);
            }
        }
        return waitingFor;
    }

    private TopicAdmin() {
    }
}
