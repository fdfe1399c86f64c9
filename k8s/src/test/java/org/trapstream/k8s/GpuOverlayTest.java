package org.trapstream.k8s;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU overlay moves the classifiers, and only them, onto GPU nodes with the CUDA image. */
class GpuOverlayTest {

    private final Rendered base = Rendered.of(ManifestDirs.BASE);
    private final Rendered gpu = Rendered.of(ManifestDirs.GPU);

    @Test
    void classifiersRunTheCudaImageWithOneGpuEach() {
        Container classifier = gpu.container("classifier");
        assertEquals(base.container("classifier").getImage() + "-cuda", classifier.getImage());
        assertEquals(new Quantity("1"), classifier.getResources().getLimits().get("nvidia.com/gpu"));
    }

    @Test
    void classifiersLandOnlyOnGpuNodesTheirCudaKernelsSupport() {
        PodSpec pod = gpu.deployment("classifier").getSpec().getTemplate().getSpec();
        assertEquals(Map.of("nvidia.com/gpu.present", "true"), pod.getNodeSelector());
        Toleration toleration = pod.getTolerations().stream()
            .filter(t -> "nvidia.com/gpu".equals(t.getKey()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no toleration for the nvidia.com/gpu taint"));
        assertEquals("NoSchedule", toleration.getEffect());
        assertEquals("Exists", toleration.getOperator());
        List<NodeSelectorRequirement> required = pod.getAffinity().getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions();
        assertTrue(required.stream().anyMatch(r -> r.getKey().equals("nvidia.com/gpu.compute.major")
            && r.getOperator().equals("Lt") && r.getValues().equals(List.of("9"))), "CUDA 11.6 kernels stop at 8.x");
    }

    @Test
    void gpuClassifiersBatchMoreWithOneInferenceThreadAndDecodeOnAllTheirCores() {
        Map<String, String> config = gpu.config();
        assertTrue(Integer.parseInt(config.get("TRAPSTREAM_CLASSIFIER_BATCH_MAX_SIZE"))
            > Integer.parseInt(base.config().get("TRAPSTREAM_CLASSIFIER_BATCH_MAX_SIZE")));
        assertEquals("64", config.get("TRAPSTREAM_CLASSIFIER_BATCH_MAX_SIZE"));
        assertEquals("1", config.get("TRAPSTREAM_CLASSIFIER_INFERENCE_THREADS"));
        int decodeThreads = Integer.parseInt(config.get("TRAPSTREAM_CLASSIFIER_DECODE_THREADS"));
        Quantity cpus = gpu.container("classifier").getResources().getRequests().get("cpu");
        assertEquals(cpus.getNumericalAmount().intValueExact(), decodeThreads, "one decode thread per requested core");
    }

    @Test
    void gpuClassifiersMayScaleToOnePerPartition() {
        ScalingTest.Autoscaler autoscaler = ScalingTest.autoscalers(gpu).get(0);
        assertEquals(KafkaTopicsTest.IMAGE_PARTITIONS, autoscaler.max());
    }

    @Test
    void everythingButTheClassifierAndItsConfigurationIsTheBase() {
        List<String> changed = gpu.documents().stream()
            .filter(document -> !base.documents().contains(document))
            .map(Kustomize::id)
            .toList();
        assertEquals(List.of("apps/v1 Deployment trapstream-classifier", "autoscaling/v2 HorizontalPodAutoscaler "
            + "trapstream-classifier", "v1 ConfigMap trapstream-config"), changed.stream().sorted().toList());
        base.config().forEach((key, value) -> {
            if (!key.startsWith("TRAPSTREAM_CLASSIFIER_")) {
                assertEquals(value, gpu.config().get(key), key + " is not the overlay's business");
            }
        });
        for (String role : List.of("ingest", "trainer", "events", "dashboard")) {
            assertFalse(gpu.container(role).getImage().endsWith("-cuda"), role);
        }
        assertEquals(base.documents().size(), gpu.documents().size());
    }
}
