package org.trapstream.k8s;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Prometheus Operator's PodMonitor (monitoring.coreos.com/v1) as a typed model, checked like the built-in kinds
 * ({@link UnknownFields}). Written from the operator's CRD (0.7x) for the fields Trapstream uses; using another
 * one fails here until it is added.
 */
@Group("monitoring.coreos.com")
@Version("v1")
@Kind("PodMonitor")
public class PodMonitor extends CustomResource<PodMonitor.Spec, Void> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String jobLabel, List<String> podTargetLabels, LabelSelector selector,
                       NamespaceSelector namespaceSelector, List<Endpoint> podMetricsEndpoints,
                       @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    public record NamespaceSelector(Boolean any, List<String> matchNames,
                                    @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    /** A pod's port to scrape, by its name in the container spec. */
    public record Endpoint(String port, String path, String scheme, String interval, String scrapeTimeout,
                           @JsonAnySetter Map<String, Object> additionalProperties) {
    }
}
