package org.trapstream.common.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;

/** Creates Trapstream's topics with their settings when they do not exist yet. Blocking: call from a worker. */
public final class TopicAdmin {

    public static void ensureTopics(TrapstreamConfig config) {
        int partitions = config.getInt(TrapstreamConfig.KAFKA_TOPIC_PARTITIONS);
        short replication = (short) config.getInt(TrapstreamConfig.KAFKA_TOPIC_REPLICATION);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitioned() ? partitions : 1, replication)
                        .configs(spec.config()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("Cannot create Trapstream's topics: " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s while creating topics", e);
        }
    }

    private TopicAdmin() {
    }
}
