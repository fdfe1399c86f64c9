package org.trapstream.classifier;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.testkit.TestImages;

/** Records for camtrap.images as ingest would have written them: the tests bypass ingest. */
final class ImageRecords {

    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;
    static final String CAMERA = "test-cam-01";

    private ImageRecords() {
    }

    /** A valid 64 x 48 JPEG whose pixels, and so id, are new for every seed; inline. */
    static ProducerRecord<String, byte[]> jpeg(long seed) {
        return jpeg(seed, CAMERA);
    }

    /** {@link #jpeg(long)}, sent by {@code cameraId}. */
    static ProducerRecord<String, byte[]> jpeg(long seed, String cameraId) {
        return record(jpegBytes(seed), "jpeg", WIDTH, HEIGHT, ImagePayload.INLINE, cameraId);
    }

    /** {@code count} images of {@link #jpeg(long)}, one for each seed from {@code firstSeed} on. */
    static List<ProducerRecord<String, byte[]>> jpegs(long firstSeed, int count) {
        return LongStream.range(firstSeed, firstSeed + count).mapToObj(ImageRecords::jpeg).toList();
    }

    /** The image ids of these records. */
    static Set<String> ids(List<ProducerRecord<String, byte[]>> images) {
        return images.stream().map(ProducerRecord::key).collect(Collectors.toSet());
    }

    /** The pixels of {@link #jpeg(long)}'s image, encoded. */
    static byte[] jpegBytes(long seed) {
        return TestImages.encode(TestImages.noise(seed, WIDTH, HEIGHT), "jpeg");
    }

    /** These bytes in the value with the headers ingest writes, claiming the given format and size. */
    static ProducerRecord<String, byte[]> of(byte[] bytes, String format, int width, int height) {
        return record(bytes, format, width, height, ImagePayload.INLINE, CAMERA);
    }

    /** A reference to these bytes in the image store, which the caller fills (or, on purpose, does not). */
    static ProducerRecord<String, byte[]> reference(byte[] bytes, String format, int width, int height) {
        return record(bytes, format, width, height, ImagePayload.STORED, CAMERA);
    }

    private static ProducerRecord<String, byte[]> record(byte[] bytes, String format, int width, int height,
                                                         ImagePayload payload, String cameraId) {
        return ImageRecord.of(ImageIds.of(bytes), cameraId, null, Instant.now(), format, width, height, bytes,
            payload).toProducerRecord();
    }
}
