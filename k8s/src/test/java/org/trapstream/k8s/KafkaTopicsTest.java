package org.trapstream.k8s;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.common.contract.Topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KafkaTopic resources are common's {@link Topics} as Strimzi resources: same names and settings, and the
 * partitions and replicas the roles would use themselves when they create a missing topic at start.
 */
class KafkaTopicsTest {

    /** Settings the manifests add for a replicated production cluster; everything else comes from Topics. */
    private static final Set<String> PRODUCTION_SETTINGS = Set.of("min.insync.replicas");
    static final int IMAGE_PARTITIONS = 24;

    static Stream<Rendered> renderings() {
        return Rendered.all();
    }

    static Map<String, KafkaTopic> topicsByName(Rendered rendered) {
        Map<String, KafkaTopic> byName = new HashMap<>();
        for (KafkaTopic topic : rendered.all(KafkaTopic.class)) {
            String name = topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName()
                : topic.getMetadata().getName();
            assertEquals(null, byName.put(name, topic), name + " is defined twice");
        }
        return byName;
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theTopicsAreExactlyCommonsTopics(Rendered rendered) {
        assertEquals(Topics.ALL.stream().map(Topics.Spec::name).sorted().toList(),
            topicsByName(rendered).keySet().stream().sorted().toList());
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void eachTopicHasCommonsSettings(Rendered rendered) {
        Map<String, KafkaTopic> topics = topicsByName(rendered);
        for (Topics.Spec spec : Topics.ALL) {
            Map<String, Object> config = topics.get(spec.name()).getSpec().getConfig();
            spec.config().forEach((key, value) ->
                assertEquals(value, String.valueOf(config.get(key)), spec.name() + " " + key));
            config.keySet().forEach(key -> assertTrue(spec.config().containsKey(key) || PRODUCTION_SETTINGS.contains(key),
                spec.name() + ": " + key + " is neither in Topics nor a known production setting"));
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void partitionsAndReplicasMatchWhatTheRolesWouldCreate(Rendered rendered) {
        Map<String, String> config = rendered.config();
        int partitions = Integer.parseInt(config.get("TRAPSTREAM_KAFKA_TOPIC_PARTITIONS"));
        int replicas = Integer.parseInt(config.get("TRAPSTREAM_KAFKA_TOPIC_REPLICATION_FACTOR"));
        Map<String, KafkaTopic> topics = topicsByName(rendered);
        for (Topics.Spec spec : Topics.ALL) {
            KafkaTopic topic = topics.get(spec.name());
            assertEquals(spec.partitioned() ? partitions : 1, topic.getSpec().getPartitions(), spec.name());
            assertEquals(replicas, topic.getSpec().getReplicas(), spec.name());
        }
        assertEquals(IMAGE_PARTITIONS, topics.get(Topics.IMAGES).getSpec().getPartitions(),
            "camtrap.images allows 24 classifier pods");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyTopicBelongsToTheSameStrimziCluster(Rendered rendered) {
        Set<String> clusters = new java.util.HashSet<>();
        for (KafkaTopic topic : rendered.all(KafkaTopic.class)) {
            String cluster = topic.getMetadata().getLabels().get("strimzi.io/cluster");
            assertNotNull(cluster, topic.getMetadata().getName() + ": the Topic Operator ignores it without strimzi.io/cluster");
            clusters.add(cluster);
        }
        assertEquals(1, clusters.size(), "topics of several clusters: " + clusters);
    }
}
