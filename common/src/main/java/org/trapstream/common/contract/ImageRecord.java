package org.trapstream.common.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A validated image as it travels on {@link Topics#IMAGES}: the bytes in the value, everything else in
 * {@link ImageHeaders}. {@code capturedAt} may be null when neither the camera nor EXIF said.
 */
public record ImageRecord(String imageId, String cameraId, Instant capturedAt, Instant receivedAt,
                          String format, int width, int height, byte[] bytes) {

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
        return new ProducerRecord<>(Topics.IMAGES, null, imageId, bytes, headers);
    }

    /** Reads a record of {@link Topics#IMAGES}; throws {@link IllegalArgumentException} when headers are missing. */
    public static ImageRecord fromKafka(Headers headers, byte[] value) {
        String id = require(headers, ImageHeaders.IMAGE_ID);
        String captured = text(headers, ImageHeaders.CAPTURED_AT);
        return new ImageRecord(id,
            require(headers, ImageHeaders.CAMERA_ID),
            captured == null ? null : Instant.parse(captured),
            Instant.parse(require(headers, ImageHeaders.RECEIVED_AT)),
            require(headers, ImageHeaders.FORMAT),
            Integer.parseInt(require(headers, ImageHeaders.WIDTH)),
            Integer.parseInt(require(headers, ImageHeaders.HEIGHT)),
            value);
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
