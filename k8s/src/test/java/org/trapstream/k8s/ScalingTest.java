package org.trapstream.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.common.contract.Topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the roles scale: the classifier by autoscaler up to the partitions of camtrap.images and rolled without
 * losing capacity, the trainer as a singleton, ingest and dashboard as fixed pairs.
 */
class ScalingTest {

    /** One autoscaler of the base or an overlay, HPA or KEDA, reduced to what is checked here. */
    record Autoscaler(String kind, String target, int min, int max) {
    }

    static Stream<Rendered> renderings() {
        return Rendered.all();
    }

    static List<Autoscaler> autoscalers(Rendered rendered) {
        List<Autoscaler> autoscalers = new ArrayList<>();
        for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            autoscalers.add(new Autoscaler("HorizontalPodAutoscaler", hpa.getSpec().getScaleTargetRef().getName(),
                hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas()));
        }
        for (KedaScaledObject scaled : rendered.all(KedaScaledObject.class)) {
            KedaScaledObject.ScaleTargetRef target = scaled.getSpec().scaleTargetRef();
            assertTrue(target.kind() == null || target.kind().equals("Deployment"), "KEDA scales Deployments by default");
            autoscalers.add(new Autoscaler("ScaledObject", target.name(),
                scaled.getSpec().minReplicaCount(), scaled.getSpec().maxReplicaCount()));
        }
        return autoscalers;
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void oneAutoscalerDrivesTheClassifiersUpToThePartitions(Rendered rendered) {
        List<Autoscaler> autoscalers = autoscalers(rendered);
        assertEquals(1, autoscalers.size(), "two autoscalers on one Deployment fight: " + autoscalers);
        Autoscaler autoscaler = autoscalers.get(0);
        assertEquals("trapstream-classifier", autoscaler.target());
        int partitions = KafkaTopicsTest.topicsByName(rendered).get(Topics.IMAGES).getSpec().getPartitions();
        assertTrue(autoscaler.max() <= partitions,
            "classifiers beyond the " + partitions + " partitions of camtrap.images would sit idle: " + autoscaler);
        assertTrue(autoscaler.min() >= 1 && autoscaler.min() <= autoscaler.max(), autoscaler.toString());
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theCpuAutoscalerHasCpuRequestsToMeasureAgainst(Rendered rendered) {
        for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
            hpa.getSpec().getMetrics().forEach(metric -> {
                assertEquals("Resource", metric.getType());
                assertEquals("cpu", metric.getResource().getName());
                assertEquals("Utilization", metric.getResource().getTarget().getType());
            });
            Deployment target = rendered.one(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
            target.getSpec().getTemplate().getSpec().getContainers()
                .forEach(c -> assertTrue(c.getResources().getRequests().containsKey("cpu"), c.getName()));
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theClassifierLeavesItsReplicasToTheAutoscalerAndRollsWithoutLosingCapacity(Rendered rendered) {
        Deployment classifier = rendered.deployment("classifier");
        assertNull(classifier.getSpec().getReplicas(), "an apply would reset the autoscaler's count");
        assertRollsWithoutLosingCapacity(classifier);
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void theTrainerIsASingletonThatNeverOverlapsItself(Rendered rendered) {
        Deployment trainer = rendered.deployment("trainer");
        assertEquals(1, trainer.getSpec().getReplicas());
        assertEquals("Recreate", trainer.getSpec().getStrategy().getType(), "a rollout must not run two trainers");
        assertTrue(autoscalers(rendered).stream().noneMatch(a -> a.target().equals("trapstream-trainer")));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void ingestAndDashboardRunAsPairsAndRollOneAtATime(Rendered rendered) {
        for (String role : List.of("ingest", "dashboard")) {
            Deployment deployment = rendered.deployment(role);
            assertEquals(2, deployment.getSpec().getReplicas(), role);
            assertRollsWithoutLosingCapacity(deployment);
        }
    }

    private static void assertRollsWithoutLosingCapacity(Deployment deployment) {
        assertEquals("RollingUpdate", deployment.getSpec().getStrategy().getType());
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
            deployment.getMetadata().getName() + ": maxUnavailable");
    }
}
