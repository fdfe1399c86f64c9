package org.trapstream.classifier;

import java.time.Duration;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;

/** The classifier's configuration, read once at deployment. */
record ClassifierSettings(String groupId, int maxBatchSize, Duration maxQueueDelay, int decodeThreads,
                          int inferenceThreads, int onnxThreads, int maxInFlight, int topK, double reviewMinConfidence,
                          double reviewMinMargin, double reviewSampleRate, int reviewNewCameraImages,
                          Duration drainTimeout,
                          ImageLimits imageLimits) {

    static ClassifierSettings from(TrapstreamConfig config) {
        return new ClassifierSettings(
            config.getString(TrapstreamConfig.CLASSIFIER_GROUP_ID),
            config.getInt(TrapstreamConfig.BATCH_MAX_SIZE),
            config.getDuration(TrapstreamConfig.BATCH_MAX_DELAY),
            config.getInt(TrapstreamConfig.DECODE_THREADS),
            config.getInt(TrapstreamConfig.INFERENCE_THREADS),
            config.getInt(TrapstreamConfig.ONNX_THREADS),
            config.getInt(TrapstreamConfig.MAX_IN_FLIGHT),
            config.getInt(TrapstreamConfig.TOP_K),
            config.getDouble(TrapstreamConfig.REVIEW_MIN_CONFIDENCE),
            config.getDouble(TrapstreamConfig.REVIEW_MIN_MARGIN),
            config.getDouble(TrapstreamConfig.REVIEW_SAMPLE_RATE),
            config.getInt(TrapstreamConfig.REVIEW_NEW_CAMERA_IMAGES),
            config.getDuration(TrapstreamConfig.CLASSIFIER_DRAIN_TIMEOUT),
            ImageLimits.from(config));
    }
}
