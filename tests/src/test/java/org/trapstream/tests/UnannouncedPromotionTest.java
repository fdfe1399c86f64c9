package org.trapstream.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.classifier.ClassifierRole;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.common.role.RoleHost;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.trainer.TrainerConfig;
import org.trapstream.trainer.TrainerRole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * A trainer that stopped between promoting a version on disk and announcing it: the running classifier keeps the
 * older version until the trainer starts again, which announces the registry's promotion once more (the very
 * record promoted.json holds), and the classifier swaps to it.
 */
class UnannouncedPromotionTest {

    private static final SeedCnn TINY = new SeedCnn(2, 4, 3, false, 0.0, 8, 0.0);

    @Test
    void theTrainerAnnouncesTheRegistrysPromotionWhenItStarts(@TempDir Path dataDir) {
        String images = TestKafka.uniqueGroup("unannounced");
        TestKafka.startGroupAtEnd(images, Topics.IMAGES);
        TrapstreamConfig config = TestKafka.config(SystemConfig.DEFINITION, dataDir, Map.of(
            ClassifierConfig.CLASSIFIER_GROUP_ID, images,
            TrainerConfig.TRAINER_GROUP_ID, TestKafka.uniqueGroup("unannounced-trainer")));
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ModelMetadata announced = save(registry, 1);
        announce(registry.promote(announced.version()));
        ModelMetadata unannounced = save(registry, 2);

        try (RoleHost classifier = RoleHost.start(config, List.of(new ClassifierRole()))) {
            awaitServing(classifier, announced.version());
            registry.promote(unannounced.version());

            try (RoleHost trainer = RoleHost.start(config, List.of(new TrainerRole()))) {
                ConsumerRecord<String, byte[]> record = TestKafka.await(Topics.MODELS,
                    r -> r.value() != null && unannounced.sha256().equals(announcement(r).sha256()), 1).get(0);
                assertEquals(registry.promotedAnnouncement().orElseThrow().toJson(), new JsonObject(
                    new String(record.value(), StandardCharsets.UTF_8)), "the record promoted.json holds, unchanged");
                awaitServing(classifier, unannounced.version());
            }
        }
    }

    private static ModelMetadata save(ModelRegistry registry, long seed) {
        Backend.init();
        List<String> labels = List.of("apis_mellifera", "bombus", "vespa");
        return registry.save(TINY.build(32, labels.size(), 1e-3, seed), ModelMetadata.draft(TINY.toJson(), labels,
            32, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25)));
    }

    private static void announce(ModelAnnouncement announcement) {
        TestKafka.send(new ProducerRecord<>(Topics.MODELS, announcement.modelName(),
            announcement.toJson().toBuffer().getBytes()));
    }

    private static ModelAnnouncement announcement(ConsumerRecord<String, byte[]> record) {
        return ModelAnnouncement.fromJson(new JsonObject(new String(record.value(), StandardCharsets.UTF_8)));
    }

    private static void awaitServing(RoleHost classifier, String version) {
        eventually(Duration.ofSeconds(60), () -> assertEquals(version, classifier.context().health().report()
            .getJsonObject("components").getJsonObject("classifier").getString("model_version")));
    }
}
