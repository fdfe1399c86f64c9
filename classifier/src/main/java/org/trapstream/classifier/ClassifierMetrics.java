package org.trapstream.classifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.image.ImageDecoder;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.NativeMemoryMetrics;

/**
 * The classifier's meters, named {@code camtrap.classifier.*} with base units so Prometheus shows
 * {@code camtrap_classifier_inference_seconds_bucket}, {@code camtrap_classifier_predictions_total} and so on.
 * Tag values are bounded: labels come from the model, reasons from fixed lists, versions are replaced rather
 * than accumulated, and cameras are capped: the first {@value #CAMERA_TAGS} cameras seen keep their own tag value,
 * later ones share {@value #OTHER_CAMERAS}.
 */
final class ClassifierMetrics {

    private static final String PREFIX = "camtrap.classifier.";
    /** Confidences lie in [0, 1], where Micrometer's generated histogram buckets (integers) would be useless. */
    private static final double[] CONFIDENCE_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0};
    /** Cameras with a series of their own in the per-camera counters. */
    static final int CAMERA_TAGS = 100;
    static final String OTHER_CAMERAS = "other";
    /** The evaluation metrics of the model metadata that the dashboard shows for the serving version. */
    private static final List<String> EVALUATION_METRICS = List.of("accuracy", "macro_f1");

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final DistributionSummary confidence;
    private final Timer queue;
    private final Timer decode;
    private final Timer inference;
    private final Timer endToEnd;
    private final Counter modelRejections;
    private final Counter storeReadBytes;
    private final Set<String> taggedCameras = ConcurrentHashMap.newKeySet();
    private Gauge modelVersionInfo;
    private final List<Gauge> evaluation = new ArrayList<>();
    private Gauge backendInfo;

    ClassifierMetrics(MeterRegistry registry, int maxBatchSize) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder(PREFIX + "batch.size")
            .description("Images per micro-batch run through the model")
            .publishPercentileHistogram()
            .minimumExpectedValue(1.0)
            .maximumExpectedValue((double) Math.max(2, maxBatchSize))
            .register(registry);
        this.confidence = DistributionSummary.builder(PREFIX + "confidence")
            .description("Top-1 confidence of each prediction")
            .serviceLevelObjectives(CONFIDENCE_BUCKETS)
            .register(registry);
        this.queue = timer("queue", "Time an image waited: for a decode thread, for batch company, for a model");
        this.decode = timer("decode",
            "Time to read (from the record or the image store), decode and preprocess one image");
        this.inference = timer("inference", "Time of one micro-batch in the model");
        this.endToEnd = timer("end.to.end",
            "From ingest's acceptance (received_at) to the acknowledged prediction; includes time in Kafka");
        this.modelRejections = Metrics.counter(registry, PREFIX + "model.rejections",
            "Announced model versions refused because they failed verification");
        this.storeReadBytes = Counter.builder(PREFIX + "image.store.read")
            .description("Bytes read from the image store for images that came as a reference")
            .baseUnit("bytes")
            .register(registry);
        NativeMemoryMetrics.bindTo(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(PREFIX + name)
            .description(description)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    }

    void batch(int size, long inferenceNanos) {
        batchSize.record(size);
        inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
    }

    /** A prediction acknowledged by Kafka, {@code endToEnd} after ingest accepted its image. */
    void predicted(Prediction prediction, Duration endToEnd) {
        Metrics.counter(registry, PREFIX + "predictions", "Predictions published, by top-1 label",
            "label", prediction.label()).increment();
        confidence.record(prediction.confidence());
        for (String reason : prediction.review().reasons()) {
            Metrics.counter(registry, PREFIX + "review.routings", "Predictions also sent to review, by reason",
                "reason", reason).increment();
        }
        if (prediction.outOfDistribution()) {
            Metrics.counter(registry, PREFIX + "out.of.distribution",
                "Images the model's out-of-distribution detector flagged, by camera",
                "camera", cameraTag(prediction.cameraId())).increment();
        }
        if (prediction.review().reasons().contains(Prediction.Review.NEW_CAMERA)) {
            Metrics.counter(registry, PREFIX + "new.camera.reviews",
                "Images sent to review as one of the first of a camera the model was not trained on",
                "camera", cameraTag(prediction.cameraId())).increment();
        }
        queue.record(millis(prediction.timings().queueMs()));
        decode.record(millis(prediction.timings().decodeMs()));
        this.endToEnd.record(endToEnd.isNegative() ? Duration.ZERO : endToEnd);
    }

    /** The camera's own id while fewer than {@link #CAMERA_TAGS} cameras have one, else {@link #OTHER_CAMERAS}. */
    private String cameraTag(String cameraId) {
        String camera = String.valueOf(cameraId);
        if (taggedCameras.contains(camera)) {
            return camera;
        }
        synchronized (taggedCameras) {
            if (taggedCameras.size() < CAMERA_TAGS) {
                taggedCameras.add(camera);
                return camera;
            }
        }
        return OTHER_CAMERAS;
    }

    private static Duration millis(double ms) {
        return Duration.ofNanos(Math.round(ms * 1e6));
    }

    /** An image decoded, by what its pixels came from: a camera's EXIF thumbnail costs a fraction of its frame. */
    void decoded(ImageDecoder.Source source) {
        Metrics.counter(registry, PREFIX + "decodes",
            "Images decoded, by source: the JPEG's EXIF thumbnail or the frame", "source", source.code()).increment();
    }

    void readFromStore(long bytes) {
        storeReadBytes.increment(bytes);
    }

    void deadLettered(String reason) {
        Metrics.counter(registry, PREFIX + "dead.letters", "Images the classifier could not classify, by reason",
            "reason", reason).increment();
    }

    void modelRejected() {
        modelRejections.increment();
    }

    void announcementRefused(RefusedAnnouncement.Reason reason) {
        Metrics.counter(registry, PREFIX + "announcements.refused",
            "Records on the models topic not acted on, by reason: unreadable, or naming a version "
                + "the model registry does not serve", "reason", reason.code()).increment();
    }

    /**
     * One series per serving version, and its evaluation on the held-out images when it was trained: the old
     * version's are removed so dashboards see the current version alone.
     */
    synchronized void modelServing(ModelMetadata model) {
        if (modelVersionInfo != null) {
            registry.remove(modelVersionInfo);
        }
        modelVersionInfo = Gauge.builder(PREFIX + "model.version.info", () -> 1)
            .description("The model version serving (value always 1)")
            .tag("version", model.version())
            .register(registry);
        evaluation.forEach(registry::remove);
        evaluation.clear();
        for (String metric : EVALUATION_METRICS) {
            double value = model.metric(metric);
            evaluation.add(Gauge.builder(PREFIX + "model.evaluation", () -> value)
                .description("The serving version's evaluation on its held-out images, by metric (NaN when not recorded)")
                .tag("metric", metric)
                .register(registry));
        }
    }

    /** The engine that serves, replacing the one reported before (a swap may change the engine). */
    synchronized void backend(String engine, String backend, String device) {
        if (backendInfo != null) {
            registry.remove(backendInfo);
        }
        backendInfo = Gauge.builder(PREFIX + "backend.info", () -> 1)
            .description("The inference engine, backend and device running the serving model (value always 1)")
            .tag("engine", engine)
            .tag("backend", String.valueOf(backend))
            .tag("device", String.valueOf(device))
            .register(registry);
    }

    /** Counts what the {@link ColdStartPreview} showed labelers; registered once, when a preview starts. */
    void coldStartPreviews(ColdStartPreview preview) {
        FunctionCounter.builder(PREFIX + "cold.start.previews", preview, ColdStartPreview::previewed)
            .description("Images put on the review topic without a label because no model served yet")
            .register(registry);
    }

    void inFlight(ImageConsumer consumer) {
        Gauge.builder(PREFIX + "in.flight", consumer, ImageConsumer::inFlight)
            .description("Images consumed and not yet acknowledged")
            .register(registry);
    }
}
