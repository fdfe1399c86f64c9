package org.trapstream.classifier;

import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.testkit.TestImages;

/** Records for camtrap.images as ingest would have written them: the tests bypass ingest. */
final class ImageRecords {

    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;

    private ImageRecords() {
    }

    /** A valid 64 x 48 JPEG whose pixels, and so id, are new for every seed. */
    static ProducerRecord<String, byte[]> jpeg(long seed) {
        return of(TestImages.encode(TestImages.noise(seed, WIDTH, HEIGHT), "jpeg"), "jpeg", WIDTH, HEIGHT);
    }

    /** These bytes with the headers ingest writes, claiming the given format and size. */
    static ProducerRecord<String, byte[]> of(byte[] bytes, String format, int width, int height) {
        return new ImageRecord(ImageIds.of(bytes), "test-cam-01", null, Instant.now(), format, width, height, bytes)
            .toProducerRecord();
    }
}
