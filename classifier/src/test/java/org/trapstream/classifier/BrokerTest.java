package org.trapstream.classifier;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * What the classifier's broker tests share beyond {@link TestKafka}: announcing models on the JVM's embedded
 * broker, and a group's progress through the image topic.
 */
abstract class BrokerTest {

    static void announce(ModelAnnouncement announcement) {
        TestKafka.send(new ProducerRecord<>(Topics.MODELS, announcement.modelName(),
            announcement.toJson().toBuffer().getBytes()));
    }

    /** Saves a new model in the registry, its weights drawn from {@code seed}, promotes it and announces it. */
    static ModelMetadata promoteNewModel(ModelRegistry registry, long seed) {
        ModelMetadata model = TestModels.save(registry, seed);
        announce(registry.promote(model.version()));
        return model;
    }

    /** Deletes earlier test classes' model announcements, as a compacted topic would with a tombstone. */
    static void forgetAnnouncedModel() {
        TestKafka.send(new ProducerRecord<>(Topics.MODELS, ModelAnnouncement.DEFAULT_MODEL, null));
    }

    /**
     * What a classifier test starts from: its own consumer group at the image topic's end (it reads only what the
     * test sends), the group's commits so far, its settings and its model registry.
     */
    record Setup(String group, long committedBefore, TrapstreamConfig config, ModelRegistry registry) {

        /** Image records the group has committed since the setup. */
        long committedSince() {
            return committedTotal(group) - committedBefore;
        }
    }

    /** A {@link Setup} named {@code name}, with the data in {@code dataDir} and the settings {@code overrides}. */
    static Setup newSetup(String name, Path dataDir, Map<String, String> overrides) {
        String group = groupAtEndOfImages(name);
        TrapstreamConfig config = classifierConfig(dataDir, group, overrides);
        return new Setup(group, committedTotal(group), config, new ModelRegistry(config.modelRegistryDir()));
    }

    /** A new group for the classifier that starts at the image topic's end: it reads only what the test sends. */
    static String groupAtEndOfImages(String name) {
        String group = TestKafka.uniqueGroup(name);
        TestKafka.startGroupAtEnd(group, Topics.IMAGES);
        return group;
    }

    /** The classifier's settings for a test: its data in {@code dataDir}, reading in {@code group}, and {@code overrides}. */
    static TrapstreamConfig classifierConfig(Path dataDir, String group, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put(ClassifierConfig.CLASSIFIER_GROUP_ID, group);
        return TestKafka.config(ClassifierConfig.DEFINITION, dataDir, settings);
    }

    /** How many image records {@code group} has committed in all, over every partition. */
    static long committedTotal(String group) {
        return TestKafka.committed(group, Topics.IMAGES).values().stream().mapToLong(Long::longValue).sum();
    }
}
