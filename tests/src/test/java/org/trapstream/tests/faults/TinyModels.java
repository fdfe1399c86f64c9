package org.trapstream.tests.faults;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/** Untrained networks small enough to save in a moment and serve at once: the faults under test are elsewhere. */
final class TinyModels {

    static final List<String> LABELS = List.of("apis_mellifera", "bombus", "vespa");
    private static final int INPUT_SIZE = 32;
    private static final SeedCnn TINY = new SeedCnn(2, 4, 3, false, 0.0, 8, 0.0);

    private TinyModels() {
    }

    /** Saves a network drawn from {@code seed} as the registry's next version. */
    static ModelMetadata save(ModelRegistry registry, long seed) {
        Backend.init();
        MultiLayerNetwork network = TINY.build(INPUT_SIZE, LABELS.size(), 1e-3, seed);
        return registry.save(network, ModelMetadata.draft(TINY.toJson(), LABELS, INPUT_SIZE,
            List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25)));
    }

    /** Saves a new version, promotes it and announces it on the shared broker's {@code camtrap.models}. */
    static ModelMetadata promote(ModelRegistry registry, long seed) {
        ModelMetadata model = save(registry, seed);
        announce(registry.promote(model.version()));
        return model;
    }

    static void announce(ModelAnnouncement announcement) {
        TestKafka.send(record(announcement));
    }

    /** The announcement as its record on {@code camtrap.models}. */
    static ProducerRecord<String, byte[]> record(ModelAnnouncement announcement) {
        return new ProducerRecord<>(Topics.MODELS, announcement.modelName(),
            announcement.toJson().toBuffer().getBytes());
    }
}
