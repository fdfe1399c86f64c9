package org.trapstream.classifier;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * What the classifier's verticles share: its settings, and the parts that outlive any one of them (which
 * model serves, the inference threads, the meters, the counts of new cameras' images). The {@link ClassifierVerticle} makes them and stops the
 * inference threads once the verticles it deployed have stopped.
 */
record ClassifierParts(TrapstreamConfig config, ClassifierSettings settings, String instance, MeterRegistry registry,
                       ClassifierMetrics metrics, ModelHolder models, InferencePool inference, NewCameras newCameras) {

    static ClassifierParts create(TrapstreamConfig config, MeterRegistry registry) {
        ClassifierSettings settings = ClassifierSettings.from(config);
        ClassifierMetrics metrics = new ClassifierMetrics(registry, settings.maxBatchSize());
        ModelHolder models = new ModelHolder(settings.inferenceThreads());
        return new ClassifierParts(config, settings, UUID.randomUUID().toString().substring(0, 8), registry, metrics,
            models, new InferencePool(settings, models, metrics), new NewCameras(settings.reviewNewCameraImages()));
    }

    /**
     * The Kafka client id of one part, distinct per client, as Kafka and Micrometer tell the clients apart by it.
     * Its first 15 characters, which Linux keeps of a thread's name, say which part a consumer thread is.
     */
    String clientId(String part) {
        return "classifier-" + part + "-" + instance;
    }
}
