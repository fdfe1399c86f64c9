package org.trapstream.classifier;

import java.time.Duration;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.InferenceSettings;

/** The classifier's configuration, read once at deployment. */
record ClassifierSettings(String groupId, int maxBatchSize, Duration maxQueueDelay, int decodeThreads,
                          int inferenceThreads, int onnxThreads, int maxInFlight, int topK, ReviewPolicy review,
                          EmptyFrames emptyFrames,
                          int reviewNewCameraImages, Duration drainTimeout, ImageLimits imageLimits) {

    static ClassifierSettings from(TrapstreamConfig config) {
        return new ClassifierSettings(
            config.getString(ClassifierConfig.CLASSIFIER_GROUP_ID),
            config.getInt(InferenceSettings.BATCH_MAX_SIZE),
            config.getDuration(ClassifierConfig.BATCH_MAX_DELAY),
            config.getInt(ClassifierConfig.DECODE_THREADS),
            config.getInt(ClassifierConfig.INFERENCE_THREADS),
            config.getInt(ClassifierConfig.ONNX_THREADS),
            config.getInt(ClassifierConfig.MAX_IN_FLIGHT),
            config.getInt(InferenceSettings.TOP_K),
            ReviewPolicy.from(config),
            EmptyFrames.from(config),
            config.getInt(ClassifierConfig.REVIEW_NEW_CAMERA_IMAGES),
            config.getDuration(ClassifierConfig.CLASSIFIER_DRAIN_TIMEOUT),
            ImageLimits.from(config));
    }
}
