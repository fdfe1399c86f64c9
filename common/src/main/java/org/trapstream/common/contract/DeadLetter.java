package org.trapstream.common.contract;

import java.time.Instant;
import java.util.Arrays;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An image that was not accepted or could not be classified, on {@link Topics#IMAGES_REJECTED}.
 * A body ingest refused is untrusted input of up to the size limit: its letter is a {@link ImagePayload#PREFIX},
 * the first {@link #KEPT_PREFIX_BYTES} bytes (enough to see what it was), with the SHA-256 of the whole as its id
 * and the whole's length ({@link #rejectedBody}). A classifier's letter carries the image as its record did: an
 * {@link ImagePayload#INLINE} letter holds the original bytes in its value (bytes beyond the topic's limit are
 * replaced by an empty value and {@link ImageHeaders#ORIGINAL_SIZE}); a {@link ImagePayload#STORED} one has an
 * empty value and the image stays in the image store under its id. {@code cameraId} may be null when it was
 * missing; {@code originalSize} is the length of the body the letter is about.
 */
public record DeadLetter(String imageId, String cameraId, RejectReason reason, String detail, String rejectedBy,
                         String source, Instant rejectedAt, ImagePayload payload, byte[] bytes, int originalSize) {

    /** How much of a refused body its dead letter keeps. */
    public static final int KEPT_PREFIX_BYTES = 64 * 1024;

    public DeadLetter {
        if (payload == ImagePayload.STORED && bytes.length > 0) {
            throw new IllegalArgumentException("A dead letter of a stored image carries no bytes");
        }
        if (payload == ImagePayload.PREFIX && bytes.length > Math.min(KEPT_PREFIX_BYTES, originalSize)) {
            throw new IllegalArgumentException("A prefix of " + bytes.length + " bytes is longer than allowed");
        }
    }

    /** A letter whose value is the image as it came (or nothing, for a stored image). */
    public DeadLetter(String imageId, String cameraId, RejectReason reason, String detail, String rejectedBy,
                      String source, Instant rejectedAt, ImagePayload payload, byte[] bytes) {
        this(imageId, cameraId, reason, detail, rejectedBy, source, rejectedAt, payload, bytes, bytes.length);
    }

    /** The letter of a body that was refused: its first bytes, its SHA-256 as id and its length. */
    public static DeadLetter rejectedBody(String cameraId, RejectReason reason, String detail, String rejectedBy,
                                          String source, Instant rejectedAt, byte[] body) {
        return new DeadLetter(ImageIds.of(body), cameraId, reason, detail, rejectedBy, source, rejectedAt,
            ImagePayload.PREFIX, Arrays.copyOf(body, Math.min(body.length, KEPT_PREFIX_BYTES)), body.length);
    }

    public ProducerRecord<String, byte[]> toProducerRecord() {
        Headers headers = new RecordHeaders();
        ImageRecord.put(headers, ImageHeaders.SCHEMA, ImageHeaders.DEAD_LETTER_SCHEMA_VERSION);
        ImageRecord.put(headers, ImageHeaders.IMAGE_ID, imageId);
        if (cameraId != null) {
            ImageRecord.put(headers, ImageHeaders.CAMERA_ID, cameraId);
        }
        ImageRecord.put(headers, ImageHeaders.REJECT_REASON, reason.code());
        ImageRecord.put(headers, ImageHeaders.REJECT_DETAIL, detail);
        ImageRecord.put(headers, ImageHeaders.REJECTED_BY, rejectedBy);
        ImageRecord.put(headers, ImageHeaders.SOURCE, source);
        ImageRecord.put(headers, ImageHeaders.RECEIVED_AT, rejectedAt.toString());
        ImageRecord.put(headers, ImageHeaders.PAYLOAD, payload.code());
        byte[] value = bytes;
        if (bytes.length > Topics.MAX_IMAGE_RECORD_BYTES - 64 * 1024) {
            value = new byte[0];
        }
        if (value.length != originalSize) {
            ImageRecord.put(headers, ImageHeaders.ORIGINAL_SIZE, Integer.toString(originalSize));
        }
        return new ProducerRecord<>(Topics.IMAGES_REJECTED, null, imageId, value, headers);
    }

    public static DeadLetter fromKafka(Headers headers, byte[] value) {
        String camera = ImageRecord.text(headers, ImageHeaders.CAMERA_ID);
        String at = ImageRecord.text(headers, ImageHeaders.RECEIVED_AT);
        String originalSize = ImageRecord.text(headers, ImageHeaders.ORIGINAL_SIZE);
        byte[] bytes = value == null ? new byte[0] : value;
        return new DeadLetter(ImageRecord.text(headers, ImageHeaders.IMAGE_ID), camera,
            RejectReason.fromCode(ImageRecord.text(headers, ImageHeaders.REJECT_REASON)),
            ImageRecord.text(headers, ImageHeaders.REJECT_DETAIL),
            ImageRecord.text(headers, ImageHeaders.REJECTED_BY),
            ImageRecord.text(headers, ImageHeaders.SOURCE),
            at == null ? null : Instant.parse(at), ImageRecord.payloadOf(headers), bytes,
            originalSize == null ? bytes.length : Integer.parseInt(originalSize));
    }
}
