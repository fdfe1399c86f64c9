package org.trapstream.common.contract;

import java.util.Set;

/**
 * Kafka header names of the image topics ({@link Topics#IMAGES_RAW}, {@link Topics#IMAGES},
 * {@link Topics#IMAGES_REJECTED}). Values are UTF-8 text.
 */
public final class ImageHeaders {

    /**
     * Wire format version of the image record and the dead letter. Version 2 added {@link #PAYLOAD} and
     * {@link #SIZE}; readers still take version 1, whose value is always the image. Dead letters are at
     * {@value #DEAD_LETTER_SCHEMA_VERSION}, which added their {@link ImagePayload#PREFIX} payload; image records stay
     * at {@value #SCHEMA_VERSION}, so classifiers of the previous release keep reading what a new ingest publishes.
     */
    public static final String SCHEMA = "camtrap-schema";
    public static final String SCHEMA_VERSION = "2";
    public static final String DEAD_LETTER_SCHEMA_VERSION = "3";
    /** The image record versions a reader of this build understands. */
    public static final Set<String> READABLE_SCHEMA_VERSIONS = Set.of("1", SCHEMA_VERSION);
    /** Required on raw images: the camera that took the picture. */
    public static final String CAMERA_ID = "camtrap-camera-id";
    /** Optional on raw images: capture time, ISO-8601 instant; EXIF DateTimeOriginal is used when absent. */
    public static final String CAPTURED_AT = "camtrap-captured-at";
    /** Set by ingest: SHA-256 of the bytes, lower-case hex. */
    public static final String IMAGE_ID = "camtrap-image-id";
    /** Set by ingest: when the image was accepted, ISO-8601 instant. */
    public static final String RECEIVED_AT = "camtrap-received-at";
    /** Set by ingest: the image format found in the bytes (jpeg, png, ...). */
    public static final String FORMAT = "camtrap-format";
    public static final String WIDTH = "camtrap-width";
    public static final String HEIGHT = "camtrap-height";
    /** Set by ingest: where the image is, {@link ImagePayload#code()} (in the value or in the image store). */
    public static final String PAYLOAD = "camtrap-payload";
    /** Set by ingest: the image's size in bytes, so a reader of a stored image can tell it got all of it. */
    public static final String SIZE = "camtrap-size";
    /** Set on dead letters: machine-readable reason ({@link RejectReason#code()}). */
    public static final String REJECT_REASON = "camtrap-reject-reason";
    /** Set on dead letters: human-readable explanation. */
    public static final String REJECT_DETAIL = "camtrap-reject-detail";
    /** Set on dead letters: the role that rejected the image (ingest, classifier). */
    public static final String REJECTED_BY = "camtrap-rejected-by";
    /** Set on dead letters: the topic the image came from, or "http". */
    public static final String SOURCE = "camtrap-source";
    /**
     * Set on dead letters whose bytes were not kept whole in the value (a {@link ImagePayload#PREFIX}, or an image
     * over the record size limit): the original size.
     */
    public static final String ORIGINAL_SIZE = "camtrap-original-size";

    private ImageHeaders() {
    }
}
