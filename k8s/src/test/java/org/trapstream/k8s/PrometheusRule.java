package org.trapstream.k8s;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Prometheus Operator's PrometheusRule (monitoring.coreos.com/v1) as a typed model: its groups are those of a
 * Prometheus rule file, so a field promtool would reject in {@code alerts.yml} is unknown here too.
 */
@Group("monitoring.coreos.com")
@Version("v1")
@Kind("PrometheusRule")
public class PrometheusRule extends CustomResource<PrometheusRule.Spec, Void> implements Namespaced {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(List<RuleGroup> groups, @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    public record RuleGroup(String name, String interval, List<Rule> rules,
                            @JsonAnySetter Map<String, Object> additionalProperties) {
    }

    /** An alerting rule ({@code alert}) or a recording rule ({@code record}). */
    public record Rule(String alert, String record, String expr, @JsonProperty("for") String forDuration,
                       Map<String, String> labels, Map<String, String> annotations,
                       @JsonAnySetter Map<String, Object> additionalProperties) {
    }
}
