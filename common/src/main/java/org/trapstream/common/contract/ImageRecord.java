package org.trapstream.common.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A validated image as it travels on {@link Topics#IMAGES}: everything but the image in {@link ImageHeaders},
 * the image itself in the value ({@link ImagePayload#INLINE}) or in the shared image store under its id
 * ({@link ImagePayload#STORED}, the value then empty). {@code capturedAt} may be null when neither the camera
 * nor EXIF said.
 *
 * @param size    the image's size in bytes
 * @param value   the record's value: the image when inline, empty when stored
 * @param capture how the capture time was found and what else the camera wrote; {@link Capture#NONE} when unknown
 */
public record ImageRecord(String imageId, String cameraId, Instant capturedAt, Instant receivedAt,
                          String format, int width, int height, int size, ImagePayload payload, byte[] value,
                          Capture capture) {

    public ImageRecord {
        capture = capture == null ? Capture.NONE : capture;
        int expected = payload == ImagePayload.INLINE ? size : 0;
        if (value.length != expected) {
            throw new IllegalArgumentException("A " + payload.code() + " image record of a " + size
                + "-byte image carries " + value.length + " bytes");
        }
    }

    /** A record without capture metadata. */
    public ImageRecord(String imageId, String cameraId, Instant capturedAt, Instant receivedAt, String format,
                       int width, int height, int size, ImagePayload payload, byte[] value) {
        this(imageId, cameraId, capturedAt, receivedAt, format, width, height, size, payload, value, Capture.NONE);
    }

    /** This record with what is known of its capture. */
    public ImageRecord withCapture(Capture known) {
        return new ImageRecord(imageId, cameraId, capturedAt, receivedAt, format, width, height, size, payload, value,
            known);
    }

    /** The record for an image whose bytes are at hand, carried as {@code payload} says. */
    public static ImageRecord of(String imageId, String cameraId, Instant capturedAt, Instant receivedAt,
                                 String format, int width, int height, byte[] image, ImagePayload payload) {
        return new ImageRecord(imageId, cameraId, capturedAt, receivedAt, format, width, height, image.length,
            payload, payload == ImagePayload.INLINE ? image : new byte[0]);
    }

    public ProducerRecord<String, byte[]> toProducerRecord() {
        Headers headers = new RecordHeaders();
        put(headers, ImageHeaders.SCHEMA, ImageHeaders.SCHEMA_VERSION);
        put(headers, ImageHeaders.IMAGE_ID, imageId);
        put(headers, ImageHeaders.CAMERA_ID, cameraId);
        if (capturedAt != null) {
            put(headers, ImageHeaders.CAPTURED_AT, capturedAt.toString());
        }
        put(headers, ImageHeaders.RECEIVED_AT, receivedAt.toString());
        put(headers, ImageHeaders.FORMAT, format);
        put(headers, ImageHeaders.WIDTH, Integer.toString(width));
        put(headers, ImageHeaders.HEIGHT, Integer.toString(height));
        put(headers, ImageHeaders.PAYLOAD, payload.code());
        put(headers, ImageHeaders.SIZE, Integer.toString(size));
        capture.writeTo(headers);
        return new ProducerRecord<>(Topics.IMAGES, null, imageId, value, headers);
    }

    /**
     * Reads a record of {@link Topics#IMAGES}, schema 1 or 2, with its capture headers where this build reads their
     * version; throws {@link IllegalArgumentException} when
     * headers are missing or contradict the value.
     */
    public static ImageRecord fromKafka(Headers headers, byte[] value) {
        String schema = text(headers, ImageHeaders.SCHEMA);
        if (schema != null && !ImageHeaders.READABLE_SCHEMA_VERSIONS.contains(schema)) {
            throw new IllegalArgumentException("Image record of unknown schema version " + schema);
        }
        byte[] bytes = value == null ? new byte[0] : value;
        String id = require(headers, ImageHeaders.IMAGE_ID);
        String captured = text(headers, ImageHeaders.CAPTURED_AT);
        ImagePayload payload = payloadOf(headers);
        if (payload == ImagePayload.PREFIX) {
            throw new IllegalArgumentException("An image record carries its image or refers to it, never a prefix");
        }
        String size = text(headers, ImageHeaders.SIZE);
        if (payload == ImagePayload.STORED && (size == null || !ImageIds.isValid(id))) {
            // the id becomes a path in the image store: only a SHA-256 may
            throw new IllegalArgumentException("Stored image record needs header " + ImageHeaders.SIZE
                + " and an image id that is a SHA-256");
        }
        return new ImageRecord(id,
            require(headers, ImageHeaders.CAMERA_ID),
            captured == null ? null : Instant.parse(captured),
            Instant.parse(require(headers, ImageHeaders.RECEIVED_AT)),
            require(headers, ImageHeaders.FORMAT),
            Integer.parseInt(require(headers, ImageHeaders.WIDTH)),
            Integer.parseInt(require(headers, ImageHeaders.HEIGHT)),
            size == null ? bytes.length : Integer.parseInt(size),
            payload, bytes, Capture.fromKafka(headers));
    }

    /** Where the image of an image record or dead letter is; records without the header have it inline. */
    static ImagePayload payloadOf(Headers headers) {
        String payload = text(headers, ImageHeaders.PAYLOAD);
        return payload == null ? ImagePayload.INLINE : ImagePayload.fromCode(payload);
    }

    static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The last value of a header as text, or null. */
    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String require(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("Image record lacks header " + name);
        }
        return value;
    }
}
