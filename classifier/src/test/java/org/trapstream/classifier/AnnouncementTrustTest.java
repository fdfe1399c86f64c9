package org.trapstream.classifier;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.ModelStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * What any Kafka client can write on camtrap.models changes nothing unless the registry confirms it: forged and
 * unreadable announcements are refused and counted while the promoted model keeps serving, and a stale
 * announcement left by a crash before the newer promotion was announced does not roll a restarted classifier back.
 */
class AnnouncementTrustTest extends BrokerTest {

    private static final String REFUSED = "camtrap.classifier.announcements.refused";

    @TempDir
    Path dataDir;
    private TrapstreamConfig config;
    private ModelRegistry registry;

    @BeforeEach
    void setUp() {
        forgetAnnouncedModel(); // earlier tests' announcements
        Setup setup = newSetup("trust", dataDir, Map.of());
        config = setup.config();
        registry = setup.registry();
    }

    @Test
    void refusesForgedAndCorruptAnnouncementsAndKeepsServing() {
        ModelMetadata v1 = promoteNewModel(registry, 1);
        ModelMetadata rejected = TestModels.save(registry, 2);
        registry.setStatus(rejected.version(), ModelStatus.REJECTED, "scored below the serving model");

        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            classifier.awaitServing(v1.version());

            // Valid JSON naming a rejected candidate, with that candidate's real checksum.
            announce(new ModelAnnouncement(ModelAnnouncement.DEFAULT_MODEL, rejected.version(), rejected.sha256(),
                Instant.now()));
            // The serving version, with another file's checksum.
            announce(new ModelAnnouncement(ModelAnnouncement.DEFAULT_MODEL, v1.version(), rejected.sha256(),
                Instant.now()));
            sendRaw("{\"schema_version\": 1, \"model\": \"default\", \"vers".getBytes(StandardCharsets.UTF_8));
            sendRaw(new ModelAnnouncement(ModelAnnouncement.DEFAULT_MODEL, rejected.version(), rejected.sha256(),
                Instant.now()).toJson().put("schema_version", 99).toBuffer().getBytes());
            sendRaw(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});

            eventually(Duration.ofSeconds(30), () -> {
                assertEquals(1.0, classifier.counter(REFUSED, "reason", "not_promoted"));
                assertEquals(1.0, classifier.counter(REFUSED, "reason", "checksum_mismatch"));
                assertEquals(2.0, classifier.counter(REFUSED, "reason", "unreadable"));
                assertEquals(1.0, classifier.counter(REFUSED, "reason", "unsupported_schema"));
            });
            assertEquals(v1.version(), classifier.health().getString("model_version"), "the promoted model serves on");
            assertEquals(0.0, classifier.counter("camtrap.classifier.model.rejections"), "no model was even loaded");

            ModelMetadata v3 = promoteNewModel(registry, 3);
            classifier.awaitServing(v3.version());
            assertEquals(1.0, classifier.counter(REFUSED, "reason", "not_promoted"), "a genuine promotion is no refusal");
        }
    }

    @Test
    void aRestartedClassifierKeepsTheRegistrysVersionOverAStaleAnnouncement() {
        ModelMetadata announced = promoteNewModel(registry, 4);
        // Promoted on disk, then the trainer crashed before announcing it: the topic still names the older version.
        ModelMetadata unannounced = TestModels.save(registry, 5);
        registry.promote(unannounced.version());

        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            classifier.awaitServing(unannounced.version());
            eventually(Duration.ofSeconds(30),
                () -> assertEquals(1.0, classifier.counter(REFUSED, "reason", "not_promoted"),
                    "the backlog's " + announced.version() + " is refused"));
            assertEquals(unannounced.version(), classifier.health().getString("model_version"));
        }
    }

    private static void sendRaw(byte[] value) {
        TestKafka.send(new ProducerRecord<>(Topics.MODELS, ModelAnnouncement.DEFAULT_MODEL, value));
    }
}
