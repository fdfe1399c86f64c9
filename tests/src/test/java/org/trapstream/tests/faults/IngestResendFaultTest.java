package org.trapstream.tests.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.classifier.ClassifierRole;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.common.role.RoleHost;
import org.trapstream.image.store.ImageStore;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.ingest.IngestRole;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest stores an image before it publishes it; killed in between, it leaves the image in the store and nothing
 * on Kafka. The camera, never answered, sends the image again (or the raw topic, never committed, delivers it
 * again): that copy must be published and classified, not taken for a duplicate of one that never left.
 */
class IngestResendFaultTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest(name = "round {0}")
    @MethodSource("org.trapstream.tests.faults.Scale#rounds")
    void anImageStoredButNeverPublishedIsClassifiedWhenSentAgain(int round, @TempDir Path dataDir) throws Exception {
        String ingestGroup = TestKafka.uniqueGroup("fault-ingest");
        String classifierGroup = Deliveries.newClassifierGroup("fault-ingest-classifier");
        TestKafka.startGroupAtEnd(ingestGroup, Topics.IMAGES_RAW);
        String cameraToken = Secrets.generate();
        TrapstreamConfig config = TestKafka.config(SystemConfig.DEFINITION, dataDir, Map.of(
            IngestConfig.INGEST_GROUP_ID, ingestGroup, ClassifierConfig.CLASSIFIER_GROUP_ID, classifierGroup,
            IngestConfig.INGEST_DEVICES, "camera:" + StreamImages.CAMERA + ":"
                + SecretHash.of(cameraToken, SecretHash.MIN_ITERATIONS).encoded()));
        TinyModels.promote(new ModelRegistry(config.modelRegistryDir()), 6);

        long seed = System.nanoTime();
        byte[] overHttp = StreamImages.jpeg(seed);
        byte[] overKafka = StreamImages.jpeg(seed + 1);
        // What a kill between the store and the publish leaves behind: the bytes stored, no published marker.
        ImageStore store = new ImageStore(config.imageStoreDir());
        store.put(ImageIds.of(overHttp), overHttp);
        store.put(ImageIds.of(overKafka), overKafka);

        try (RoleHost roles = RoleHost.start(config, List.of(new IngestRole(), new ClassifierRole()))) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + roles.httpPort() + "/api/v1/images"))
                .header("Authorization", "Bearer " + cameraToken)
                .header("X-Camera-Id", StreamImages.CAMERA).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(overHttp)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, answer.statusCode(), answer.body());
            assertFalse(new JsonObject(answer.body()).getBoolean("duplicate"), answer.body());

            ProducerRecord<String, byte[]> raw = new ProducerRecord<>(Topics.IMAGES_RAW, overKafka);
            raw.headers().add(ImageHeaders.CAMERA_ID, StreamImages.CAMERA.getBytes(StandardCharsets.UTF_8));
            TestKafka.send(raw);
            TestKafka.awaitCommittedToEnd(ingestGroup, Topics.IMAGES_RAW);

            Set<String> ids = Set.of(ImageIds.of(overHttp), ImageIds.of(overKafka));
            Deliveries deliveries = Deliveries.settled(classifierGroup, ids);
            deliveries.assertNoneLost("resent after a kill between store and publish");
            deliveries.assertNoDeadLetters();
            ids.forEach(id -> assertTrue(store.isPublished(id), "marked published once Kafka has it"));
        }
    }
}
