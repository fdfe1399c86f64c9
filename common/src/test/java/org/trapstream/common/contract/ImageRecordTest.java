package org.trapstream.common.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Random;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image record and the dead letter on the wire: both payloads, and records of schema 1. */
class ImageRecordTest {

    private static final byte[] IMAGE = "not decoded here, only carried".getBytes(StandardCharsets.UTF_8);
    private static final Instant RECEIVED = Instant.parse("2026-11-21T06:00:00Z");

    @Test
    void inlineRecordCarriesTheImageInItsValue() {
        ProducerRecord<String, byte[]> sent = record(ImagePayload.INLINE);

        ImageRecord read = ImageRecord.fromKafka(sent.headers(), sent.value());

        assertEquals(ImagePayload.INLINE, read.payload());
        assertArrayEquals(IMAGE, read.value());
        assertEquals(IMAGE.length, read.size());
        assertEquals(ImageIds.of(IMAGE), read.imageId());
        assertEquals("cam-7", read.cameraId());
        assertEquals(RECEIVED, read.receivedAt());
    }

    @Test
    void storedRecordCarriesOnlyTheReferenceAndTheSize() {
        ProducerRecord<String, byte[]> sent = record(ImagePayload.STORED);

        ImageRecord read = ImageRecord.fromKafka(sent.headers(), sent.value());

        assertEquals(0, sent.value().length);
        assertEquals(ImagePayload.STORED, read.payload());
        assertEquals(IMAGE.length, read.size());
        assertEquals(ImageIds.of(IMAGE), read.imageId());
    }

    @Test
    void schemaOneRecordsAreReadAsInline() {
        ProducerRecord<String, byte[]> sent = record(ImagePayload.INLINE);
        sent.headers().remove(ImageHeaders.PAYLOAD).remove(ImageHeaders.SIZE).remove(ImageHeaders.SCHEMA)
            .add(ImageHeaders.SCHEMA, "1".getBytes(StandardCharsets.UTF_8));

        ImageRecord read = ImageRecord.fromKafka(sent.headers(), sent.value());

        assertEquals(ImagePayload.INLINE, read.payload());
        assertArrayEquals(IMAGE, read.value());
        assertEquals(IMAGE.length, read.size());
    }

    @Test
    void recordsThatContradictThemselvesAreRefused() {
        ProducerRecord<String, byte[]> unknownSchema = record(ImagePayload.INLINE);
        replace(unknownSchema.headers(), ImageHeaders.SCHEMA, "3");
        ProducerRecord<String, byte[]> storedWithoutSize = record(ImagePayload.STORED);
        storedWithoutSize.headers().remove(ImageHeaders.SIZE);
        ProducerRecord<String, byte[]> storedWithAPathForId = record(ImagePayload.STORED);
        replace(storedWithAPathForId.headers(), ImageHeaders.IMAGE_ID, "../../models/current");
        ProducerRecord<String, byte[]> inlineOfAnotherSize = record(ImagePayload.INLINE);
        replace(inlineOfAnotherSize.headers(), ImageHeaders.SIZE, "3");

        for (ProducerRecord<String, byte[]> bad : new ProducerRecord[] {unknownSchema, storedWithoutSize,
            storedWithAPathForId, inlineOfAnotherSize}) {
            assertThrows(IllegalArgumentException.class, () -> ImageRecord.fromKafka(bad.headers(), bad.value()));
        }
        assertThrows(IllegalArgumentException.class,
            () -> ImageRecord.fromKafka(record(ImagePayload.STORED).headers(), IMAGE), "a stored record with a value");
    }

    @Test
    void deadLetterOfAStoredImageRefersToTheStore() {
        DeadLetter letter = new DeadLetter(ImageIds.of(IMAGE), "cam-7", RejectReason.IMAGE_UNAVAILABLE,
            "not in the store", "classifier", Topics.IMAGES, RECEIVED, ImagePayload.STORED, new byte[0]);
        ProducerRecord<String, byte[]> sent = letter.toProducerRecord();

        DeadLetter read = DeadLetter.fromKafka(sent.headers(), sent.value());

        assertEquals(ImagePayload.STORED, read.payload());
        assertEquals(0, read.bytes().length);
        assertEquals(RejectReason.IMAGE_UNAVAILABLE, read.reason());
        assertThrows(IllegalArgumentException.class, () -> new DeadLetter(ImageIds.of(IMAGE), "cam-7",
            RejectReason.CORRUPT, "bad", "classifier", Topics.IMAGES, RECEIVED, ImagePayload.STORED, IMAGE));
    }

    @Test
    void aRefusedBodyIsKeptAsItsPrefixWithTheDigestAndLengthOfTheWhole() {
        byte[] junk = new byte[3 * DeadLetter.KEPT_PREFIX_BYTES + 5];
        new Random(7).nextBytes(junk);
        DeadLetter letter = DeadLetter.rejectedBody("cam-7", RejectReason.UNSUPPORTED_FORMAT, "not an image",
            "ingest", "http", RECEIVED, junk);
        ProducerRecord<String, byte[]> sent = letter.toProducerRecord();

        DeadLetter read = DeadLetter.fromKafka(sent.headers(), sent.value());

        assertEquals(DeadLetter.KEPT_PREFIX_BYTES, sent.value().length);
        assertArrayEquals(Arrays.copyOf(junk, DeadLetter.KEPT_PREFIX_BYTES), read.bytes());
        assertEquals(ImagePayload.PREFIX, read.payload());
        assertEquals(junk.length, read.originalSize());
        assertEquals(ImageIds.of(junk), read.imageId());
        assertEquals(ImageIds.of(junk), sent.key());
        assertEquals(ImageHeaders.DEAD_LETTER_SCHEMA_VERSION, ImageRecord.text(sent.headers(), ImageHeaders.SCHEMA));
        ProducerRecord<String, byte[]> image = record(ImagePayload.INLINE);
        replace(image.headers(), ImageHeaders.PAYLOAD, ImagePayload.PREFIX.code());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ImageRecord.fromKafka(image.headers(), image.value()));
        assertTrue(e.getMessage().contains("never a prefix"), e.getMessage());
    }

    @Test
    void captureMetadataTravelsInItsOwnVersionedHeaders() {
        Capture capture = new Capture(CaptureTimeBasis.DEPLOYMENT, "Africa/Dar_es_Salaam", "seronera-2024",
            LocalDateTime.parse("2024-06-01T06:00:00.25"), null, "RECONYX", "HYPERFIRE 2 COVERT", -2.45, 34.82, 3, 10,
            4L);
        ProducerRecord<String, byte[]> sent = ImageRecord.of(ImageIds.of(IMAGE), "cam-7",
            Instant.parse("2024-06-01T03:00:00.25Z"), RECEIVED, "jpeg", 64, 48, IMAGE, ImagePayload.STORED)
            .withCapture(capture).toProducerRecord();

        ImageRecord read = ImageRecord.fromKafka(sent.headers(), sent.value());

        assertEquals(capture, read.capture());
        assertEquals(ImageHeaders.SCHEMA_VERSION, ImageRecord.text(sent.headers(), ImageHeaders.SCHEMA),
            "additive headers leave the record's version alone, so older readers keep reading it");
        assertEquals("1", ImageRecord.text(sent.headers(), ImageHeaders.CAPTURE_SCHEMA));
        assertEquals("2024-06-01T06:00:00.25", ImageRecord.text(sent.headers(), ImageHeaders.CAMERA_TIME));
        assertEquals("deployment", ImageRecord.text(sent.headers(), ImageHeaders.CAPTURE_TIME_BASIS));
        assertNull(sent.headers().lastHeader(ImageHeaders.CAMERA_OFFSET), "absent parts have no header");
    }

    @Test
    void aRecordWithoutCaptureHeadersOrOfAnUnknownCaptureVersionIsReadWithoutThem() {
        ProducerRecord<String, byte[]> plain = record(ImagePayload.INLINE);
        assertNull(plain.headers().lastHeader(ImageHeaders.CAPTURE_SCHEMA));
        assertEquals(Capture.NONE, ImageRecord.fromKafka(plain.headers(), plain.value()).capture());

        ProducerRecord<String, byte[]> newer = record(ImagePayload.INLINE);
        replace(newer.headers(), ImageHeaders.CAPTURE_SCHEMA, "99");
        replace(newer.headers(), ImageHeaders.SEQUENCE_FRAME, "written some new way");
        ImageRecord read = ImageRecord.fromKafka(newer.headers(), newer.value());
        assertEquals(Capture.NONE, read.capture());
        assertArrayEquals(IMAGE, read.value(), "the image is read all the same");
    }

    @Test
    void malformedCaptureHeadersAreRefused() {
        ProducerRecord<String, byte[]> sent = record(ImagePayload.INLINE);
        replace(sent.headers(), ImageHeaders.CAPTURE_SCHEMA, ImageHeaders.CAPTURE_SCHEMA_VERSION);
        replace(sent.headers(), ImageHeaders.GPS_LATITUDE, "north-ish");
        replace(sent.headers(), ImageHeaders.GPS_LONGITUDE, "34.8");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ImageRecord.fromKafka(sent.headers(), sent.value()));
        assertTrue(e.getMessage().contains("malformed capture headers"), e.getMessage());
    }

    private static ProducerRecord<String, byte[]> record(ImagePayload payload) {
        return ImageRecord.of(ImageIds.of(IMAGE), "cam-7", null, RECEIVED, "jpeg", 64, 48, IMAGE, payload)
            .toProducerRecord();
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
