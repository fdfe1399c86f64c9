package org.trapstream.k8s;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.common.config.HttpSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a platform team's admission policies ask of every workload, checked on the base and on every
 * overlay as rendered: restricted security context, a read-only root with a scratch /tmp, no API token,
 * requests and limits, probes on /health (liveness on /health/live) and Prometheus annotations that point at the
 * served port.
 */
class WorkloadHardeningTest {

    static final List<String> ROLES = List.of("ingest", "classifier", "trainer", "events", "dashboard");
    static final int HTTP_PORT = 8080;
    /** The metrics server's port: metrics.port's default, which the configuration also sets. */
    static final int METRICS_PORT = Integer.parseInt(HttpSettings.DEFINITION.key(HttpSettings.METRICS_PORT).defaultText());
    private static final String DATA_DIR = "/var/lib/trapstream";
    private static final String MODEL_REGISTRY = DATA_DIR + "/models";

    record Workload(Rendered rendered, String role) {
        Deployment deployment() {
            return rendered.deployment(role);
        }

        PodSpec pod() {
            return deployment().getSpec().getTemplate().getSpec();
        }

        Container container() {
            return rendered.container(role);
        }

        @Override
        public String toString() {
            return rendered + " " + role;
        }
    }

    static Stream<Workload> workloads() {
        return Rendered.all().flatMap(rendered -> ROLES.stream().map(role -> new Workload(rendered, role)));
    }

    static Stream<Rendered> renderings() {
        return Rendered.all();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theDeploymentsAreExactlyTheRoles(Rendered rendered) {
        assertEquals(ROLES.stream().map(role -> "trapstream-" + role).sorted().toList(),
            rendered.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).sorted().toList());
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void eachRoleRunsTheTrapstreamImageWithItsCommandAndTheKafkaFlag(Workload workload) {
        Container container = workload.container();
        assertTrue(container.getImage().startsWith("ghcr.io/trapstream/trapstream:0.1.0"), container.getImage());
        assertEquals(List.of(workload.role(), "--kafka", "$(KAFKA_BOOTSTRAP)"), container.getArgs());
        assertTrue(container.getCommand() == null || container.getCommand().isEmpty(),
            "the image's entrypoint is the trapstream launcher; do not replace it");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void podsRunAsAnUnprivilegedUserWithoutAnApiToken(Workload workload) {
        PodSpec pod = workload.pod();
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "automountServiceAccountToken");
        ServiceAccount account = workload.rendered().one(ServiceAccount.class, pod.getServiceAccountName());
        assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), "the ServiceAccount's automount");
        assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), "service links would inject TRAPSTREAM_* variables");
        assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
            || Boolean.TRUE.equals(pod.getHostIPC()), "host namespaces");

        PodSecurityContext podSecurity = pod.getSecurityContext();
        assertNotNull(podSecurity, "pod securityContext");
        assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), "runAsNonRoot");
        assertNotNull(podSecurity.getRunAsUser(), "a numeric runAsUser lets the kubelet verify runAsNonRoot");
        assertNotEquals(0L, podSecurity.getRunAsUser());
        assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType(), "seccomp profile");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void containersDropEveryCapabilityAndCannotWriteTheirImage(Workload workload) {
        SecurityContext security = workload.container().getSecurityContext();
        assertNotNull(security, "container securityContext");
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
        assertEquals(Boolean.TRUE, security.getRunAsNonRoot(), "runAsNonRoot");
        assertFalse(Boolean.TRUE.equals(security.getPrivileged()), "privileged");
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), "capabilities.drop");
        assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty(),
            "capabilities.add");
        assertEquals("RuntimeDefault", security.getSeccompProfile().getType(), "seccomp profile");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void tmpIsAWritableSizeLimitedEmptyDir(Workload workload) {
        VolumeMount tmp = workload.container().getVolumeMounts().stream()
            .filter(mount -> mount.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(workload + ": nothing mounted on /tmp"));
        assertFalse(Boolean.TRUE.equals(tmp.getReadOnly()), "/tmp must be writable");
        Volume volume = volume(workload.pod(), tmp.getName());
        assertNotNull(volume.getEmptyDir(), "/tmp should be an emptyDir");
        assertNotNull(volume.getEmptyDir().getSizeLimit(), "an unbounded emptyDir can fill the node's disk");
    }

    /**
     * Only the trainer (new versions, its promotions) and the dashboard (operators' promotions and rollbacks) write
     * the model registry: a compromised or buggy ingest or classifier cannot plant a version. The events role keeps
     * nothing on disk and mounts no data at all.
     */
    @ParameterizedTest
    @MethodSource("workloads")
    void onlyTheTrainerAndTheDashboardCanWriteTheModelRegistry(Workload workload) {
        List<VolumeMount> onRegistry = workload.container().getVolumeMounts().stream()
            .filter(mount -> mount.getMountPath().equals(MODEL_REGISTRY))
            .toList();
        if (workload.role().equals("trainer") || workload.role().equals("dashboard")) {
            assertTrue(onRegistry.isEmpty(), workload + " writes the registry through the data volume");
            return;
        }
        if (workload.role().equals("events")) {
            assertTrue(workload.container().getVolumeMounts().stream()
                .allMatch(mount -> mount.getMountPath().equals("/tmp")), workload + ": only /tmp");
            return;
        }
        assertEquals(1, onRegistry.size(), workload + ": one mount on " + MODEL_REGISTRY);
        VolumeMount registry = onRegistry.get(0);
        assertEquals(Boolean.TRUE, registry.getReadOnly(), workload + ": the registry must be read-only");
        assertEquals("models", registry.getSubPath(), workload + ": the data volume's models directory");
        VolumeMount data = workload.container().getVolumeMounts().stream()
            .filter(mount -> mount.getMountPath().equals(DATA_DIR))
            .findFirst()
            .orElseThrow(() -> new AssertionError(workload + ": nothing mounted on " + DATA_DIR));
        assertEquals(data.getName(), registry.getName(), workload + ": the same volume, read-only for the registry");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void containersRequestAndLimitCpuAndMemory(Workload workload) {
        Map<String, Quantity> requests = workload.container().getResources().getRequests();
        Map<String, Quantity> limits = workload.container().getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(requests.get(resource), "requests." + resource);
            assertNotNull(limits.get(resource), "limits." + resource);
            assertTrue(limits.get(resource).getNumericalAmount().compareTo(requests.get(resource).getNumericalAmount()) >= 0,
                resource + ": the limit is below the request");
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theJvmHeapAndNd4jsOffHeapMemoryFitUnderTheMemoryLimit(Workload workload) {
        String options = Pods.environment(workload.container(), workload.rendered()).getOrDefault("JAVA_OPTS", "");
        long limit = Quantity.getAmountInBytes(workload.container().getResources().getLimits().get("memory")).longValue();
        Matcher heapShare = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options);
        assertTrue(heapShare.find(), "JAVA_OPTS should size the heap relative to the limit: " + options);
        long heap = limit * Long.parseLong(heapShare.group(1)) / 100;
        long offHeap = javacppBytes(options, "maxbytes");
        long physical = javacppBytes(options, "maxphysicalbytes");
        // JavaCPP refuses allocations beyond maxphysicalbytes (the whole process), so the kernel never has to
        // OOM-kill: that bound must sit under the limit, with heap and off-heap inside it.
        if (physical > 0) {
            assertTrue(physical < limit, "maxphysicalbytes " + physical + " >= memory limit " + limit);
            assertTrue(heap + offHeap < physical, "heap " + heap + " + off-heap " + offHeap + " >= maxphysicalbytes");
        } else {
            assertTrue(heap + offHeap <= limit * 3 / 4, "heap and off-heap leave no room for the rest of the JVM");
        }
    }

    private static long javacppBytes(String options, String property) {
        Matcher size = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\." + property + "=(\\d+)([KMGT]?)").matcher(options);
        if (!size.find()) {
            return 0;
        }
        int shift = switch (size.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return Long.parseLong(size.group(1)) << shift;
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void probesAskForHealthOnTheHttpPort(Workload workload) {
        Container container = workload.container();
        assertNotNull(container.getReadinessProbe(), "readinessProbe");
        assertNotNull(container.getLivenessProbe(), "livenessProbe");
        for (Probe probe : Stream.of(container.getStartupProbe(), container.getReadinessProbe())
                .filter(p -> p != null).toList()) {
            assertHttpGet("/health", probe, container);
        }
        // /health includes Kafka: as liveness, a broker outage would restart every pod.
        assertHttpGet("/health/live", container.getLivenessProbe(), container);
    }

    private static void assertHttpGet(String path, Probe probe, Container container) {
        assertNotNull(probe.getHttpGet(), "probes use GET " + path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(HTTP_PORT, Pods.resolvePort(probe.getHttpGet().getPort(), container));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void metricsHaveAPortOfTheirOwnAndNoScrapeAnnotations(Workload workload) {
        Map<String, String> annotations = workload.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertTrue(annotations == null || annotations.keySet().stream().noneMatch(key -> key.startsWith("prometheus.io/")),
            "kube-prometheus-stack ignores prometheus.io annotations; overlays/monitoring has a PodMonitor");
        assertEquals(METRICS_PORT, Pods.resolvePort(new io.fabric8.kubernetes.api.model.IntOrString("metrics"),
            workload.container()), "the container declares its metrics port by the name the PodMonitor uses");
        assertEquals(String.valueOf(METRICS_PORT), workload.rendered().config().get("TRAPSTREAM_METRICS_PORT"));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
            .filter(volume -> volume.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
