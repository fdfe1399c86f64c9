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
    /**
     * Optional on raw images: capture time, ISO-8601 instant; EXIF DateTimeOriginal is used when absent. On image
     * records: the capture time as a UTC instant, however it was found ({@link #CAPTURE_TIME_BASIS}).
     */
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
    /**
     * Set by ingest on image records that carry capture headers: their version, apart from {@link #SCHEMA} because
     * they are optional and additive (a reader that ignores them reads the image as before, so image records stay at
     * {@value #SCHEMA_VERSION}). Version 1 defined {@link #CAPTURE_TIME_BASIS} and the headers after it up to
     * {@link #DEPLOYMENT_ID}. A reader that does not know a record's capture version reads the image without them.
     */
    public static final String CAPTURE_SCHEMA = "camtrap-capture-schema";
    public static final String CAPTURE_SCHEMA_VERSION = "1";
    /** The capture versions a reader of this build understands. */
    public static final Set<String> READABLE_CAPTURE_SCHEMA_VERSIONS = Set.of(CAPTURE_SCHEMA_VERSION);
    /** How {@link #CAPTURED_AT} was placed in time: {@link CaptureTimeBasis#code()}. */
    public static final String CAPTURE_TIME_BASIS = "camtrap-capture-time-basis";
    /**
     * The zone the capture time was read in: the sender's or EXIF's UTC offset ({@code +02:00}), the deployment's
     * IANA time zone ({@code Africa/Dar_es_Salaam}), or {@code Z} when UTC was assumed.
     */
    public static final String CAPTURE_TIME_ZONE = "camtrap-capture-time-zone";
    /** The camera's clock at capture (EXIF DateTimeOriginal with SubSecTimeOriginal), ISO-8601 without offset. */
    public static final String CAMERA_TIME = "camtrap-camera-time";
    /** EXIF OffsetTimeOriginal, the offset of the camera's clock ({@code +01:00}), when the camera wrote one. */
    public static final String CAMERA_OFFSET = "camtrap-camera-offset";
    /** EXIF Make and Model, trimmed, without control characters, at most {@value #TEXT_LIMIT} characters each. */
    public static final String CAMERA_MAKE = "camtrap-camera-make";
    public static final String CAMERA_MODEL = "camtrap-camera-model";
    /** EXIF GPS position in decimal degrees (WGS 84), both or neither. */
    public static final String GPS_LATITUDE = "camtrap-gps-latitude";
    public static final String GPS_LONGITUDE = "camtrap-gps-longitude";
    /** From the maker note: the frame's place in its trigger's burst (1-based) and the burst's length. */
    public static final String SEQUENCE_FRAME = "camtrap-sequence-frame";
    public static final String SEQUENCE_LENGTH = "camtrap-sequence-length";
    /** From the maker note: the camera's trigger (event) counter. */
    public static final String SEQUENCE_EVENT = "camtrap-sequence-event";
    /** The deployment of the camera at the capture time, when one is known. */
    public static final String DEPLOYMENT_ID = "camtrap-deployment-id";
    /** Longest text a capture header carries from the image. */
    public static final int TEXT_LIMIT = 64;
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
