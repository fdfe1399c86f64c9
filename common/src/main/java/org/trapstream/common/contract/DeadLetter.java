package org.trapstream.common.contract;

import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An image that was not accepted or could not be classified, on {@link Topics#IMAGES_REJECTED}.
 * Nothing is lost: an {@link ImagePayload#INLINE} letter holds the original bytes in its value (bytes beyond
 * the topic's limit are replaced by an empty value and {@link ImageHeaders#ORIGINAL_SIZE}); a
 * {@link ImagePayload#STORED} one, written for an image that came as a reference, has an empty value and the
 * image stays in the image store under its id. {@code cameraId} may be null when it was missing.
 */
public record DeadLetter(String imageId, String cameraId, RejectReason reason, String detail,
                         String rejectedBy, String source, Instant rejectedAt, ImagePayload payload, byte[] bytes) {

    public DeadLetter {
        if (payload == ImagePayload.STORED && bytes.length > 0) {
            throw new IllegalArgumentException("A dead letter of a stored image carries no bytes");
        }
    }

    public ProducerRecord<String, byte[]> toProducerRecord() {
        Headers headers = new RecordHeaders();
        ImageRecord.put(headers, ImageHeaders.SCHEMA, ImageHeaders.SCHEMA_VERSION);
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
            ImageRecord.put(headers, ImageHeaders.ORIGINAL_SIZE, Integer.toString(bytes.length));
            value = new byte[0];
        }
        return new ProducerRecord<>(Topics.IMAGES_REJECTED, null, imageId, value, headers);
    }

    public static DeadLetter fromKafka(Headers headers, byte[] value) {
        String camera = ImageRecord.text(headers, ImageHeaders.CAMERA_ID);
        String at = ImageRecord.text(headers, ImageHeaders.RECEIVED_AT);
        return new DeadLetter(ImageRecord.text(headers, ImageHeaders.IMAGE_ID), camera,
            RejectReason.fromCode(ImageRecord.text(headers, ImageHeaders.REJECT_REASON)),
            ImageRecord.text(headers, ImageHeaders.REJECT_DETAIL),
            ImageRecord.text(headers, ImageHeaders.REJECTED_BY),
            ImageRecord.text(headers, ImageHeaders.SOURCE),
            at == null ? null : Instant.parse(at), ImageRecord.payloadOf(headers),
            value == null ? new byte[0] : value);
    }
}
