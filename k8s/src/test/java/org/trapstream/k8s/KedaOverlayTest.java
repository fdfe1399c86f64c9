package org.trapstream.k8s;

import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional KEDA overlay scales the GPU classifiers on their consumer group's lag on camtrap.images. */
class KedaOverlayTest {

    /** The Kafka scaler's metadata keys (KEDA 2.x docs); a misspelt key is ignored by KEDA, so it fails here. */
    private static final Set<String> KAFKA_SCALER_KEYS = Set.of(
        "bootstrapServers", "bootstrapServersFromEnv", "consumerGroup", "consumerGroupFromEnv", "topic", "topicFromEnv",
        "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
        "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag", "version");

    private final Rendered keda = Rendered.of(ManifestDirs.GPU_KEDA);

    private KedaScaledObject scaledObject() {
        return keda.one(KedaScaledObject.class, "trapstream-classifier");
    }

    private KedaScaledObject.Trigger kafkaTrigger() {
        assertEquals(1, scaledObject().getSpec().triggers().size());
        KedaScaledObject.Trigger trigger = scaledObject().getSpec().triggers().get(0);
        assertEquals("kafka", trigger.type());
        return trigger;
    }

    @Test
    void theTriggerUsesOnlyKeysTheKafkaScalerKnows() {
        Map<String, String> metadata = kafkaTrigger().metadata();
        metadata.keySet().forEach(key -> assertTrue(KAFKA_SCALER_KEYS.contains(key), key + " is no Kafka scaler key"));
        assertTrue(Integer.parseInt(metadata.get("lagThreshold")) > 0);
        assertEquals("false", metadata.get("allowIdleConsumers"), "more classifiers than partitions would idle");
    }

    @Test
    void theTriggerWatchesTheClassifiersGroupOnTheImageTopicWithTheirOwnSettings() {
        Map<String, String> metadata = kafkaTrigger().metadata();
        assertEquals(Topics.IMAGES, metadata.get("topic"));
        // KEDA reads *FromEnv variables from the target container's environment.
        String containerName = scaledObject().getSpec().scaleTargetRef().envSourceContainerName();
        assertEquals(keda.container("classifier").getName(), containerName);
        Map<String, String> env = Pods.environment(keda.container("classifier"), keda);
        String bootstrap = env.get(metadata.get("bootstrapServersFromEnv"));
        String group = env.get(metadata.get("consumerGroupFromEnv"));
        assertNotNull(bootstrap, "bootstrapServersFromEnv names no variable of the classifier");
        assertNotNull(group, "consumerGroupFromEnv names no variable of the classifier");
        assertEquals(keda.config().get("TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS"), bootstrap);
        assertEquals(keda.config().get("TRAPSTREAM_CLASSIFIER_GROUP_ID"), group);
        // Trapstream's consumers start at the earliest offset (KafkaClients); the lag must count the same way.
        assertEquals("earliest", metadata.get("offsetResetPolicy"));
    }

    @Test
    void kedaReplacesTheCpuAutoscalerAndStaysWithinThePartitions() {
        assertEquals(0, keda.all(HorizontalPodAutoscaler.class).size(), "KEDA creates its own HPA");
        KedaScaledObject.Spec spec = scaledObject().getSpec();
        assertEquals("trapstream-classifier", spec.scaleTargetRef().name());
        assertTrue(spec.maxReplicaCount() <= KafkaTopicsTest.IMAGE_PARTITIONS);
        assertNotEquals(0, spec.minReplicaCount(), "a cold GPU classifier takes a minute to start");
        assertTrue(spec.fallback().replicas() >= spec.minReplicaCount()
            && spec.fallback().replicas() <= spec.maxReplicaCount(), "fallback replicas within the bounds");
    }
}
