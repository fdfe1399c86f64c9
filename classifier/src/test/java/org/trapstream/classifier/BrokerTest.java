package org.trapstream.classifier;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;

/**
 * What the classifier's broker tests share beyond {@link TestKafka}: announcing models on the JVM's embedded
 * broker, and a group's progress through the image topic.
 */
abstract class BrokerTest {

    static void announce(ModelAnnouncement announcement) {
        TestKafka.send(new ProducerRecord<>(Topics.MODELS, announcement.modelName(),
            announcement.toJson().toBuffer().getBytes()));
    }

    /** Deletes earlier test classes' model announcements, as a compacted topic would with a tombstone. */
    static void forgetAnnouncedModel() {
        TestKafka.send(new ProducerRecord<>(Topics.MODELS, ModelAnnouncement.DEFAULT_MODEL, null));
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
