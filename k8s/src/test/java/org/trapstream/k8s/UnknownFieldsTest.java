package org.trapstream.k8s;

import java.util.List;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The walker catches what fabric8 lets through, in every model the manifests use. */
class UnknownFieldsTest {

    private static final String DEPLOYMENT = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          %s: 3
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx
                  %s: IfNotPresent
        """;

    private static List<String> unknownFieldsOf(String yaml) {
        return UnknownFields.in(Manifests.typed(YamlDocuments.read(yaml).get(0)));
    }

    @Test
    void aCorrectDeploymentHasNoUnknownField() {
        assertEquals(List.of(), unknownFieldsOf(DEPLOYMENT.formatted("replicas", "imagePullPolicy")));
    }

    @Test
    void aMisspelledTopLevelSpecFieldIsFound() {
        assertEquals(List.of("spec.replcas"), unknownFieldsOf(DEPLOYMENT.formatted("replcas", "imagePullPolicy")));
    }

    @Test
    void aMisspelledFieldDeepInThePodTemplateIsFoundWithItsPath() {
        assertEquals(List.of("spec.template.spec.containers[0].imagePullPolcy"),
            unknownFieldsOf(DEPLOYMENT.formatted("replicas", "imagePullPolcy")));
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        String yaml = DEPLOYMENT.formatted("replicas", "imagePullPolicy").replace("replicas: 3", "replicas: three");
        assertThrows(KubernetesClientException.class, () -> unknownFieldsOf(yaml));
    }

    @Test
    void aMisspelledKafkaTopicFieldIsFound() {
        assertEquals(List.of("spec.partitons"), unknownFieldsOf("""
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata:
              name: camtrap.images
            spec:
              partitons: 24
              replicas: 3
            """));
    }

    @Test
    void aMisspelledKafkaUserAclFieldIsFound() {
        assertEquals(List.of("spec.authorization.acls[0].operatons", "spec.authorization.acls[0].resource.patern"),
            unknownFieldsOf("""
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaUser
            metadata:
              name: trapstream-ingest
            spec:
              authentication:
                type: scram-sha-512
              authorization:
                type: simple
                acls:
                  - resource:
                      type: topic
                      name: camtrap.images.raw
                      patern: literal
                    operatons: [Read]
            """));
    }

    @Test
    void anHpaFieldNameInAKedaScaledObjectIsFound() {
        assertEquals(List.of("spec.maxReplicas", "spec.triggers[0].metdata"), unknownFieldsOf("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: classifier
            spec:
              scaleTargetRef:
                name: classifier
              maxReplicas: 24
              triggers:
                - type: kafka
                  metdata:
                    topic: camtrap.images
            """));
    }

    @Test
    void aKindWithoutAModelIsRefusedRatherThanPassedUnchecked() {
        assertThrows(IllegalArgumentException.class, () -> unknownFieldsOf("""
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: trapstream
            spec: {}
            """));
    }
}
