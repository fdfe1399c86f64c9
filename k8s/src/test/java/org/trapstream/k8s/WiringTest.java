package org.trapstream.k8s;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.dashboard.DashboardConfig;
import org.trapstream.events.EventsConfig;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.trainer.TrainerConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.trapstream.k8s.WorkloadHardeningTest.HTTP_PORT;
import static org.trapstream.k8s.WorkloadHardeningTest.METRICS_PORT;
import static org.trapstream.k8s.WorkloadHardeningTest.ROLES;

/**
 * Whether the pieces fit together as rendered: configuration keys Trapstream knows and accepts, references
 * that resolve (ConfigMaps, keys, variables, volumes, ports), Services and budgets that select pods, network
 * policies that let exactly the needed traffic through, one namespace.
 */
class WiringTest {

    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Map<String, ConfigDef.Key> KEYS_BY_ENV_NAME = SystemConfig.DEFINITION.keys().values()
        .stream().collect(Collectors.toMap(ConfigDef.Key::envName, key -> key));
    private static final Map<String, ConfigDef> KEYS_BY_ROLE = Map.of("ingest", IngestConfig.DEFINITION,
        "classifier", ClassifierConfig.DEFINITION, "trainer", TrainerConfig.DEFINITION,
        "events", EventsConfig.DEFINITION, "dashboard", DashboardConfig.DEFINITION);

    static Stream<Rendered> renderings() {
        return Rendered.all();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theConfigMapHoldsOnlyRealKeysAndTrapstreamAcceptsItsValues(Rendered rendered) {
        Map<String, String> keys = new HashMap<>();
        rendered.config().forEach((envName, value) -> {
            ConfigDef.Key key = KEYS_BY_ENV_NAME.get(envName);
            assertNotNull(key, envName + " is no Trapstream configuration key (see `trapstream config`)");
            assertTrue(key.type() != ConfigDef.Type.PASSWORD, envName + " is a secret: take it from a Secret");
            keys.put(key.name(), value);
        });
        try {
            TrapstreamConfig.of(SystemConfig.DEFINITION, keys);
        } catch (ConfigException e) {
            fail(rendered + ": Trapstream rejects the ConfigMap: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyTrapstreamVariableOfEveryContainerIsAKeyOfItsRole(Rendered rendered) {
        for (String role : ROLES) {
            Set<String> envNames = KEYS_BY_ROLE.get(role).keys().values().stream().map(ConfigDef.Key::envName)
                .collect(Collectors.toSet());
            Pods.environment(rendered.container(role), rendered).keySet().stream()
                .filter(name -> name.startsWith("TRAPSTREAM_"))
                .filter(name -> !rendered.config().containsKey(name)) // the shared ConfigMap serves every role
                .forEach(name -> assertTrue(envNames.contains(name), role + ": " + name + " is no key of the role"));
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyRoleTakesTheKafkaPasswordFromASecret(Rendered rendered) {
        for (String role : ROLES) {
            EnvVar password = rendered.container(role).getEnv().stream()
                .filter(variable -> variable.getName().equals("TRAPSTREAM_KAFKA_SASL_PASSWORD"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(role + ": no TRAPSTREAM_KAFKA_SASL_PASSWORD for a secured Kafka"));
            SecretKeySelector secret = password.getValueFrom().getSecretKeyRef();
            assertNotNull(secret, role + ": the Kafka password must come from a Secret");
            assertEquals("password", secret.getKey(), role);
            Optional<KafkaUser> user = rendered.find(KafkaUser.class, "trapstream-" + role);
            if (user.isPresent()) {
                // The Secret Strimzi's User Operator makes for the role's own user, logged in as by name.
                assertEquals(user.get().getMetadata().getName(), secret.getName(), role);
                assertEquals(user.get().getMetadata().getName(),
                    Pods.environment(rendered.container(role), rendered).get("TRAPSTREAM_KAFKA_SASL_USERNAME"), role);
            } else {
                assertEquals("trapstream-kafka-credentials", secret.getName(), role);
                assertEquals(Boolean.TRUE, secret.getOptional(), role + ": a plaintext cluster has no such Secret");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theServerListensWhereProbesServicesAndPrometheusLook(Rendered rendered) {
        for (String role : ROLES) {
            Map<String, String> env = Pods.environment(rendered.container(role), rendered);
            assertEquals("0.0.0.0", env.get("TRAPSTREAM_HTTP_HOST"), role + ": the default 127.0.0.1 is unreachable");
            assertEquals(String.valueOf(HTTP_PORT), env.get("TRAPSTREAM_HTTP_PORT"), role);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void variablesInArgumentsAreDefinedInTheContainer(Rendered rendered) {
        for (String role : ROLES) {
            Container container = rendered.container(role);
            Map<String, String> env = Pods.environment(container, rendered);
            for (String arg : container.getArgs()) {
                Matcher reference = VARIABLE_REFERENCE.matcher(arg);
                while (reference.find()) {
                    // An undefined $(VAR) is passed on literally: the role would get "$(VAR)" as its broker.
                    assertTrue(env.containsKey(reference.group(1)), role + ": " + reference.group() + " is undefined");
                }
            }
            assertEquals(env.get("TRAPSTREAM_KAFKA_BOOTSTRAP_SERVERS"), env.get("KAFKA_BOOTSTRAP"),
                role + ": --kafka and the configuration should name the same brokers");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyRoleMountsTheSharedReadWriteManyVolumeAtTheDataDir(Rendered rendered) {
        for (String role : ROLES) {
            if (role.equals("events")) {
                continue; // keeps nothing on disk (see WorkloadHardeningTest)
            }
            Map<String, String> env = Pods.environment(rendered.container(role), rendered);
            String dataDir = env.get("TRAPSTREAM_DATA_DIR");
            assertNotNull(dataDir, role + ": TRAPSTREAM_DATA_DIR");
            VolumeMount mount = rendered.container(role).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(dataDir))
                .findFirst()
                .orElseThrow(() -> new AssertionError(role + ": nothing mounted at " + dataDir));
            Volume volume = WorkloadHardeningTest.volume(rendered.deployment(role).getSpec().getTemplate().getSpec(),
                mount.getName());
            assertNotNull(volume.getPersistentVolumeClaim(), role + ": the data dir must be the shared claim");
            PersistentVolumeClaim claim = rendered.one(PersistentVolumeClaim.class,
                volume.getPersistentVolumeClaim().getClaimName());
            assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes(),
                "pods of all roles on many nodes mount the claim at once");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceSelectsOneRoleAndTargetsADeclaredPort(Rendered rendered) {
        for (Service service : rendered.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertFalse(selector == null || selector.isEmpty(), service.getMetadata().getName() + " selects nothing");
            List<Deployment> selected = rendered.all(Deployment.class).stream()
                .filter(d -> Pods.selects(selector, d)).toList();
            assertEquals(1, selected.size(), service.getMetadata().getName() + " should select one role's pods");
            Container container = selected.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
            for (ServicePort port : service.getSpec().getPorts()) {
                assertEquals(HTTP_PORT, Pods.resolvePort(port.getTargetPort(), container));
            }
        }
        assertTrue(rendered.find(Service.class, "trapstream-ingest").isPresent(), "cameras need a Service for ingest");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyDisruptionBudgetCoversOneRoleThatCanLoseAPod(Rendered rendered) {
        for (PodDisruptionBudget budget : rendered.all(PodDisruptionBudget.class)) {
            List<Deployment> selected = rendered.all(Deployment.class).stream()
                .filter(d -> Pods.selects(budget.getSpec().getSelector(), d)).toList();
            assertEquals(1, selected.size(), budget.getMetadata().getName() + " should cover one role");
            assertFalse(selected.get(0).getMetadata().getName().equals("trapstream-trainer"),
                "a budget on the singleton trainer would block node drains");
            if (budget.getSpec().getMinAvailable() != null) {
                Integer replicas = selected.get(0).getSpec().getReplicas();
                assertTrue(replicas != null && budget.getSpec().getMinAvailable().getIntVal() < replicas,
                    budget.getMetadata().getName() + ": minAvailable must stay below the replicas");
            } else {
                assertTrue(budget.getSpec().getMaxUnavailable().getIntVal() >= 1, budget.getMetadata().getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void networkPoliciesSelectPodsAndNameTheirDeclaredPorts(Rendered rendered) {
        for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
            List<Deployment> selected = selectedBy(rendered, policy);
            assertFalse(selected.isEmpty(), policy.getMetadata().getName() + " selects no pods");
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                for (NetworkPolicyPort port : rule.getPorts()) {
                    selected.forEach(d -> assertTrue(List.of(HTTP_PORT, METRICS_PORT).contains(
                        Pods.resolvePort(port.getPort(), d.getSpec().getTemplate().getSpec().getContainers().get(0))),
                        policy.getMetadata().getName() + " admits a port that is neither the API's nor the metrics'"));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void allTrafficIsDeniedUnlessAllowed(Rendered rendered) {
        for (String role : ROLES) {
            Deployment deployment = rendered.deployment(role);
            assertTrue(policiesFor(rendered, deployment).anyMatch(policy ->
                    policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                        && policy.getSpec().getIngress().isEmpty() && policy.getSpec().getEgress().isEmpty()),
                role + ": no default-deny policy selects it");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void onlyIngestAndDashboardAcceptTrafficFromAnywhere(Rendered rendered) {
        for (String role : ROLES) {
            boolean open = policiesFor(rendered, rendered.deployment(role))
                .flatMap(policy -> policy.getSpec().getIngress().stream())
                .anyMatch(rule -> rule.getFrom().isEmpty());
            assertEquals(role.equals("ingest") || role.equals("dashboard"), open, role + " open to all sources");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyRoleMayReachTheBrokersOfTheTopicsClusterAndDns(Rendered rendered) {
        String cluster = rendered.all(KafkaTopic.class).get(0).getMetadata().getLabels().get("strimzi.io/cluster");
        for (String role : ROLES) {
            Deployment deployment = rendered.deployment(role);
            List<NetworkPolicyEgressRule> egress = policiesFor(rendered, deployment)
                .flatMap(policy -> policy.getSpec().getEgress().stream()).toList();
            assertTrue(egress.stream().anyMatch(rule -> allowsPort(rule, "TCP", 9092) && rule.getTo().stream()
                    .map(NetworkPolicyPeer::getPodSelector)
                    .anyMatch(pods -> pods != null && cluster.equals(pods.getMatchLabels().get("strimzi.io/cluster")))),
                role + ": no egress to the brokers of Strimzi cluster " + cluster);
            assertTrue(egress.stream().anyMatch(rule -> allowsPort(rule, "UDP", 53)), role + ": no DNS egress");

            String bootstrap = Pods.environment(rendered.container(role), rendered).get("KAFKA_BOOTSTRAP");
            assertTrue(bootstrap.startsWith(cluster + "-kafka-bootstrap"),
                role + ": " + bootstrap + " is not the bootstrap Service of Strimzi cluster " + cluster);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everythingLivesInTheTrapstreamNamespace(Rendered rendered) {
        String namespace = rendered.all(Namespace.class).stream()
            .map(ns -> ns.getMetadata().getName())
            .reduce((a, b) -> fail("more than one Namespace"))
            .orElseThrow(() -> new AssertionError("no Namespace"));
        for (ObjectNode document : rendered.documents()) {
            if (!document.path("kind").asText().equals("Namespace")) {
                assertEquals(namespace, document.path("metadata").path("namespace").asText(null),
                    Kustomize.id(document) + " (an overlay's own resources need its namespace too)");
            }
        }
    }

    private static boolean allowsPort(NetworkPolicyEgressRule rule, String protocol, int port) {
        return rule.getPorts().stream().anyMatch(p -> protocol.equals(p.getProtocol())
            && p.getPort() != null && Integer.valueOf(port).equals(p.getPort().getIntVal()));
    }

    private static List<Deployment> selectedBy(Rendered rendered, NetworkPolicy policy) {
        return rendered.all(Deployment.class).stream()
            .filter(d -> Pods.selects(policy.getSpec().getPodSelector(), d)).toList();
    }

    private static Stream<NetworkPolicy> policiesFor(Rendered rendered, Deployment deployment) {
        return rendered.all(NetworkPolicy.class).stream()
            .filter(policy -> Pods.selects(policy.getSpec().getPodSelector(), deployment));
    }
}
