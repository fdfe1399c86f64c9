package org.trapstream.common.contract;

import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of Trapstream, their purpose and the settings they are created with.
 * Image topics are sized for camera-trap JPEGs of up to 16 MiB plus headers.
 */
public final class Topics {

    /** Largest record on an image topic: a 16 MiB image plus headroom for headers and the batch envelope. */
    public static final int MAX_IMAGE_RECORD_BYTES = 16 * 1024 * 1024 + 256 * 1024;

    /** Untrusted images from cameras and gateways: value = image bytes, headers = {@link ImageHeaders}. */
    public static final String IMAGES_RAW = "camtrap.images.raw";
    /**
     * Validated, stored images: key = image id, headers = {@link ImageHeaders}; the value is empty when the image is
     * in the image store ({@link ImagePayload#STORED}, the default) or the image bytes ({@link ImagePayload#INLINE}).
     */
    public static final String IMAGES = "camtrap.images";
    /** Dead letters: value = original bytes, key = image id, headers carry the reason ({@link DeadLetter}). */
    public static final String IMAGES_REJECTED = "camtrap.images.rejected";
    /** Predictions: value = {@link Prediction} JSON, key = image id. */
    public static final String PREDICTIONS = "camtrap.predictions";
    /** Predictions routed to human review: value = {@link Prediction} JSON, key = image id. */
    public static final String REVIEW = "camtrap.review";
    /** Labels from human labelers: value = {@link Feedback} JSON, key = image id. */
    public static final String FEEDBACK = "camtrap.feedback";
    /**
     * Camera-trap events, one per closed sequence of a camera's frames: value = {@link CaptureEvent} JSON, key =
     * event id; compacted, so an event published again after a restart (same frames, same id) replaces its copy.
     */
    public static final String EVENTS = "camtrap.events";
    /** Model promotions: value = {@link ModelAnnouncement} JSON, key = model name; compacted. */
    public static final String MODELS = "camtrap.models";

    /** A topic and the configuration it is created with. */
    public record Spec(String name, boolean partitioned, Map<String, String> config, String purpose) {}

    private static final Map<String, String> IMAGE_TOPIC = Map.of(
        "max.message.bytes", String.valueOf(MAX_IMAGE_RECORD_BYTES),
        "retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
    private static final Map<String, String> EVENT_TOPIC = Map.of(
        "retention.ms", String.valueOf(30L * 24 * 3600 * 1000));

    public static final List<Spec> ALL = List.of(
        new Spec(IMAGES_RAW, true, IMAGE_TOPIC, "untrusted images from cameras and gateways"),
        new Spec(IMAGES, true, IMAGE_TOPIC, "validated, de-duplicated, stored images"),
        new Spec(IMAGES_REJECTED, true, IMAGE_TOPIC, "dead letters with their reason"),
        new Spec(PREDICTIONS, true, EVENT_TOPIC, "one prediction per image"),
        new Spec(REVIEW, true, EVENT_TOPIC, "uncertain or sampled predictions for human review"),
        new Spec(FEEDBACK, true, Map.of("retention.ms", "-1"), "labels from human labelers, kept forever"),
        new Spec(EVENTS, true, Map.of("cleanup.policy", "compact"), "one event per closed sequence of a camera's frames"),
        new Spec(MODELS, false, Map.of("cleanup.policy", "compact"), "model promotions, compacted per model name"));

    private Topics() {
    }
}
