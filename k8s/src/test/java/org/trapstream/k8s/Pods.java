package org.trapstream.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.user.KafkaUser;

/** How Kubernetes resolves selectors, named ports and environment variables, for the cross-checks. */
final class Pods {

    /** Value of an environment variable that comes from a Secret: known to exist, value unknown here. */
    static final String FROM_SECRET = "<from secret>";

    /** Whether the selector picks the Deployment's pods; only matchLabels is used by Trapstream. */
    static boolean selects(LabelSelector selector, Deployment deployment) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not checked here; use matchLabels");
        }
        return selects(selector.getMatchLabels(), deployment);
    }

    /** Whether every label of the selector is on the Deployment's pod template (an empty selector selects all). */
    static boolean selects(Map<String, String> matchLabels, Deployment deployment) {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> wanted = matchLabels == null ? Map.of() : matchLabels;
        return wanted.entrySet().stream().allMatch(e -> Objects.equals(podLabels.get(e.getKey()), e.getValue()));
    }

    /** The container port a numeric or named port refers to; fails when the container does not declare it. */
    static int resolvePort(IntOrString port, Container container) {
        for (ContainerPort declared : container.getPorts()) {
            boolean byName = port.getStrVal() != null && port.getStrVal().equals(declared.getName());
            boolean byNumber = port.getIntVal() != null && port.getIntVal().equals(declared.getContainerPort());
            if (byName || byNumber) {
                return declared.getContainerPort();
            }
        }
        throw new AssertionError("Container " + container.getName() + " declares no port " + port.getValue());
    }

    /**
     * The container's environment as the kubelet builds it: envFrom ConfigMaps first, then env, whose entries
     * win. References to missing ConfigMaps or keys fail; optional Secret references and those to a KafkaUser's Secret yield
     * {@link #FROM_SECRET}.
     */
    static Map<String, String> environment(Container container, Rendered rendered) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() == null) {
                throw new AssertionError(container.getName() + ": only envFrom configMapRef is checked here");
            }
            String prefix = source.getPrefix() == null ? "" : source.getPrefix();
            configMap(rendered, source.getConfigMapRef().getName()).getData()
                .forEach((key, value) -> env.put(prefix + key, value));
        }
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), value(variable, rendered, container));
        }
        return env;
    }

    private static String value(EnvVar variable, Rendered rendered, Container container) {
        if (variable.getValueFrom() == null) {
            return Objects.requireNonNullElse(variable.getValue(), "");
        }
        var configMapKey = variable.getValueFrom().getConfigMapKeyRef();
        if (configMapKey != null) {
            String value = configMap(rendered, configMapKey.getName()).getData().get(configMapKey.getKey());
            if (value == null) {
                throw new AssertionError(container.getName() + ": " + variable.getName() + " refers to key "
                    + configMapKey.getKey() + ", which ConfigMap " + configMapKey.getName() + " lacks");
            }
            return value;
        }
        var secretKey = variable.getValueFrom().getSecretKeyRef();
        if (secretKey != null) {
            // Strimzi's User Operator creates a Secret named after each KafkaUser.
            boolean created = rendered.find(KafkaUser.class, secretKey.getName()).isPresent();
            if (!created && !Boolean.TRUE.equals(secretKey.getOptional())) {
                throw new AssertionError(container.getName() + ": " + variable.getName() + " needs Secret "
                    + secretKey.getName() + ", which these manifests do not create: mark it optional");
            }
            return FROM_SECRET;
        }
        throw new AssertionError(container.getName() + ": " + variable.getName() + " uses a source not checked here");
    }

    private static ConfigMap configMap(Rendered rendered, String name) {
        return rendered.find(ConfigMap.class, name)
            .orElseThrow(() -> new AssertionError(rendered + ": no ConfigMap " + name));
    }

    private Pods() {
    }
}
