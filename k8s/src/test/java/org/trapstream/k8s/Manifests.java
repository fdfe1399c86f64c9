package org.trapstream.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Turns JSON trees into typed fabric8 resources; Strimzi's KafkaTopic and KafkaUser, KEDA's ScaledObject and the
 * Prometheus Operator's PodMonitor and PrometheusRule included.
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static {
        // Custom resources are not in fabric8's registry: without this they come back as generic
        // resources whose every field is "additional", and nothing could be checked. KafkaTopic is
        // registered by hand for both versions Strimzi 0.49-0.51 serve (its annotation names v1 only), and so is
        // KafkaUser.
        SERIALIZATION.registerKubernetesResource("kafka.strimzi.io/v1beta2", "KafkaTopic", KafkaTopic.class);
        SERIALIZATION.registerKubernetesResource("kafka.strimzi.io/v1", "KafkaTopic", KafkaTopic.class);
        SERIALIZATION.registerKubernetesResource("kafka.strimzi.io/v1beta2", "KafkaUser", KafkaUser.class);
        SERIALIZATION.registerKubernetesResource("kafka.strimzi.io/v1", "KafkaUser", KafkaUser.class);
        SERIALIZATION.registerKubernetesResource(KedaScaledObject.class);
        SERIALIZATION.registerKubernetesResource(PodMonitor.class);
        SERIALIZATION.registerKubernetesResource(PrometheusRule.class);
    }

    /** A typed resource; fails for kinds no model is registered for. */
    static HasMetadata typed(ObjectNode document) {
        KubernetesResource resource = SERIALIZATION.unmarshal(document.toString());
        if (resource instanceof GenericKubernetesResource generic) {
            throw new IllegalArgumentException("No model for " + generic.getApiVersion() + " " + generic.getKind()
                + " " + generic.getMetadata().getName() + ": register one so that its fields can be checked");
        }
        if (!(resource instanceof HasMetadata hasMetadata)) {
            throw new IllegalArgumentException("Not a Kubernetes object: " + document);
        }
        return hasMetadata;
    }

    private Manifests() {
    }
}
