package org.trapstream.k8s;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KEDA's ScaledObject (keda.sh/v1alpha1) as a typed model, so that the optional KEDA overlay is checked
 * like the built-in kinds: wrong types fail to deserialize and unknown fields land in
 * {@code additionalProperties}, which {@link UnknownFields} reports. Written from the field names and
 * types of KEDA 2.x's ScaledObject CRD; fields Trapstream does not use are left out on purpose, so using
 * one fails here until it is added.
 */
@Group("keda.sh")
@Version("v1alpha1")
@Kind("ScaledObject")
public class KedaScaledObject extends CustomResource<KedaScaledObject.Spec, Void> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(
        ScaleTargetRef scaleTargetRef,
        Integer pollingInterval,
        Integer initialCooldownPeriod,
        Integer cooldownPeriod,
        Integer idleReplicaCount,
        Integer minReplicaCount,
        Integer maxReplicaCount,
        Fallback fallback,
        Advanced advanced,
        List<Trigger> triggers,
        @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    public record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName,
                                 @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    public record Fallback(Integer failureThreshold, Integer replicas,
                           @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    public record Advanced(HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig,
                           Boolean restoreToOriginalReplicaCount,
                           @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    /** KEDA reuses the HPA's own behavior type here. */
    public record HorizontalPodAutoscalerConfig(String name, HorizontalPodAutoscalerBehavior behavior,
                                                @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    /** A scaler; its metadata is free-form in the CRD (map of strings), each scaler defines its keys. */
    public record Trigger(String type, String name, Map<String, String> metadata, AuthenticationRef authenticationRef,
                          String metricType, Boolean useCachedMetrics,
                          @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    public record AuthenticationRef(String name, String kind,
                                    @JsonAnySetter Map<String, Object> additionalProperties) {
    }
}
