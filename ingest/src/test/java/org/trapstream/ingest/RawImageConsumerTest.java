package org.trapstream.ingest;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.image.store.ImageStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;

/**
 * The raw topic path against a real broker: cameras produce to {@code camtrap.images.raw}, ingest publishes
 * or dead-letters every record and commits only what Kafka acknowledged.
 */
class RawImageConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    private final String group = TestKafka.uniqueGroup("ingest-raw-test");
    private final String camera = "raw-cam-" + UUID.randomUUID();
    private final Random random = new Random(UUID.randomUUID().getLeastSignificantBits());
    /**
     * In flight below the 12 records sent at once, so the consumer has to pause and resume on the way; images
     * inline, which the upload test leaves to this one.
     */
    private final Map<String, String> settings = Map.of(IngestConfig.INGEST_MAX_IN_FLIGHT, "3",
        IngestConfig.INGEST_IMAGE_PAYLOAD, ImagePayload.INLINE.code());

    @Test
    void everyRawRecordEndsPublishedOrDeadLetteredAndIsCommitted() {
        List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            BufferedImage image = i % 2 == 0 ? noise(random, 64, 40 + i) : noise(random, 40 + i, 64);
            valid.add(encode(image, i % 2 == 0 ? "jpeg" : "png"));
        }
        byte[] text = ("no image at all " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] anonymous = encode(noise(random, 50, 50), "jpeg");

        try (IngestHarness ingest = IngestHarness.start(dataDir, group, settings)) {
            for (byte[] image : valid) {
                TestKafka.send(raw(image, this.camera));
            }
            TestKafka.send(raw(text, this.camera));
            TestKafka.send(raw(anonymous, null));

            eventually(PATIENCE, () -> assertEquals(10, published(valid).size(), "images published"));
            eventually(PATIENCE, () -> assertEquals(2, deadLetters(List.of(text, anonymous)).size(), "dead letters"));
            TestKafka.awaitCommittedToEnd(group, Topics.IMAGES_RAW);

            ImageStore store = new ImageStore(ingest.config.imageStoreDir());
            for (ConsumerRecord<String, byte[]> record : published(valid)) {
                ImageRecord image = ImageRecord.fromKafka(record.headers(), record.value());
                assertEquals(camera, image.cameraId());
                assertEquals(ImagePayload.INLINE, image.payload());
                assertArrayEquals(store.read(image.imageId()).orElseThrow(), image.value(), "stored as published");
                assertTrue(store.isPublished(image.imageId()));
            }
            assertEquals(valid.stream().map(ImageIds::of).sorted().toList(),
                published(valid).stream().map(ConsumerRecord::key).sorted().toList(), "each once");

            Map<String, DeadLetter> letters = new HashMap<>();
            deadLetters(List.of(text, anonymous))
                .forEach(r -> letters.put(r.key(), DeadLetter.fromKafka(r.headers(), r.value())));
            assertEquals(RejectReason.UNSUPPORTED_FORMAT, letters.get(ImageIds.of(text)).reason());
            assertArrayEquals(text, letters.get(ImageIds.of(text)).bytes());
            assertEquals(RejectReason.MISSING_CAMERA_ID, letters.get(ImageIds.of(anonymous)).reason());
            letters.values().forEach(letter -> {
                assertEquals(Topics.IMAGES_RAW, letter.source());
                assertEquals(ImageIntake.REJECTED_BY, letter.rejectedBy());
            });
            assertEquals(10, count(ingest, "accepted"));
            assertEquals(2, count(ingest, "rejected"));
        }
    }

    @Test
    void afterARestartOnlyNewRecordsAreReadAndARepeatedImageIsADuplicate() {
        byte[] first = encode(noise(random, 48, 48), "jpeg");
        byte[] bad = ("still no image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] second = encode(noise(random, 48, 48), "png");
        try (IngestHarness ingest = IngestHarness.start(dataDir, group, settings)) {
            TestKafka.send(raw(first, this.camera));
            TestKafka.send(raw(bad, this.camera));
            eventually(PATIENCE, () -> assertEquals(1, published(List.of(first)).size(), "first round published"));
            eventually(PATIENCE, () -> assertEquals(1, deadLetters(List.of(bad)).size(), "first round dead-lettered"));
            TestKafka.awaitCommittedToEnd(group, Topics.IMAGES_RAW);
        }

        try (IngestHarness ingest = IngestHarness.start(dataDir, group, settings)) {
            TestKafka.send(raw(first, this.camera));
            TestKafka.send(raw(second, this.camera));
            eventually(PATIENCE, () -> assertEquals(1, published(List.of(second)).size(), "second round published"));
            // Committed to the end: the repeated image has been handled too, whatever it led to is on the topics.
            TestKafka.awaitCommittedToEnd(group, Topics.IMAGES_RAW);

            assertEquals(1, published(List.of(first)).size(), "a repeated image is not published again");
            assertEquals(1, deadLetters(List.of(bad)).size(), "committed records are not read again");
            assertEquals(1, count(ingest, "duplicate"));
            assertEquals(1, count(ingest, "accepted"));
            assertEquals(0, count(ingest, "rejected"));
        }
    }

    private static ProducerRecord<String, byte[]> raw(byte[] bytes, String cameraId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IMAGES_RAW, bytes);
        if (cameraId != null) {
            record.headers().add(ImageHeaders.CAMERA_ID, cameraId.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static List<ConsumerRecord<String, byte[]>> published(List<byte[]> images) {
        List<String> ids = images.stream().map(ImageIds::of).toList();
        return TestKafka.readToEnd(Topics.IMAGES, r -> ids.contains(r.key()));
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(List<byte[]> images) {
        List<String> ids = images.stream().map(ImageIds::of).toList();
        return TestKafka.readToEnd(Topics.IMAGES_REJECTED, r -> ids.contains(r.key())
            && Topics.IMAGES_RAW.equals(ImageRecord.text(r.headers(), ImageHeaders.SOURCE)));
    }

    private static double count(IngestHarness ingest, String outcome) {
        return ingest.context.registry().get("camtrap.ingest.images")
            .tags("source", "kafka", "outcome", outcome).counter().count();
    }
}
