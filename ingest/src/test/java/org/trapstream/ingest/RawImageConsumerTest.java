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
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
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
    private final String group = "ingest-raw-test-" + UUID.randomUUID();
    private final String camera = "raw-cam-" + UUID.randomUUID();
    private final Random random = new Random(UUID.randomUUID().getLeastSignificantBits());
    /**
     * In flight below the 12 records sent at once, so the consumer has to pause and resume on the way; images
     * inline, which the upload test leaves to this one.
     */
    private final Map<String, String> settings = Map.of(IngestConfig.INGEST_MAX_IN_FLIGHT, "3",
        IngestConfig.INGEST_IMAGE_PAYLOAD, ImagePayload.INLINE.code());

    @Test
    void everyRawRecordEndsPublishedOrDeadLetteredAndIsCommitted() throws Exception {
        List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            BufferedImage image = i % 2 == 0 ? noise(random, 64, 40 + i) : noise(random, 40 + i, 64);
            valid.add(encode(image, i % 2 == 0 ? "jpeg" : "png"));
        }
        byte[] text = ("no image at all " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] anonymous = encode(noise(random, 50, 50), "jpeg");

        try (IngestHarness ingest = IngestHarness.start(dataDir, group, settings)) {
            try (KafkaProducer<String, byte[]> camera = cameraProducer(ingest.config)) {
                for (byte[] image : valid) {
                    send(camera, raw(image, this.camera));
                }
                send(camera, raw(text, this.camera));
                send(camera, raw(anonymous, null));
            }

            eventually(PATIENCE, () -> assertEquals(10, published(ingest.config, valid).size(), "images published"));
            eventually(PATIENCE, () -> assertEquals(2, deadLetters(ingest.config, List.of(text, anonymous)).size(),
                "dead letters"));
            eventually(PATIENCE, () -> assertTrue(allCommitted(ingest.config), "every raw record committed"));

            ImageStore store = new ImageStore(ingest.config.imageStoreDir());
            for (ConsumerRecord<String, byte[]> record : published(ingest.config, valid)) {
                ImageRecord image = ImageRecord.fromKafka(record.headers(), record.value());
                assertEquals(camera, image.cameraId());
                assertEquals(ImagePayload.INLINE, image.payload());
                assertArrayEquals(store.read(image.imageId()).orElseThrow(), image.value(), "stored as published");
                assertTrue(store.isPublished(image.imageId()));
            }
            assertEquals(valid.stream().map(ImageIds::of).sorted().toList(),
                published(ingest.config, valid).stream().map(ConsumerRecord::key).sorted().toList(), "each once");

            Map<String, DeadLetter> letters = new HashMap<>();
            deadLetters(ingest.config, List.of(text, anonymous))
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
    void afterARestartOnlyNewRecordsAreReadAndARepeatedImageIsADuplicate() throws Exception {
        byte[] first = encode(noise(random, 48, 48), "jpeg");
        byte[] bad = ("still no image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] second = encode(noise(random, 48, 48), "png");
        try (IngestHarness ingest = IngestHarness.start(dataDir, group, settings);
             KafkaProducer<String, byte[]> camera = cameraProducer(ingest.config)) {
            send(camera, raw(first, this.camera));
            send(camera, raw(bad, this.camera));
            eventually(PATIENCE, () -> assertTrue(published(ingest.config, List.of(first)).size() == 1
                && deadLetters(ingest.config, List.of(bad)).size() == 1 && allCommitted(ingest.config),
                "first round published and committed"));
        }

        try (IngestHarness ingest = IngestHarness.start(dataDir, group, settings);
             KafkaProducer<String, byte[]> camera = cameraProducer(ingest.config)) {
            send(camera, raw(first, this.camera));
            send(camera, raw(second, this.camera));
            eventually(PATIENCE, () -> assertTrue(published(ingest.config, List.of(second)).size() == 1
                && allCommitted(ingest.config), "second round published and committed"));

            assertEquals(1, published(ingest.config, List.of(first)).size(), "a repeated image is not published again");
            assertEquals(1, deadLetters(ingest.config, List.of(bad)).size(), "committed records are not read again");
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

    private static KafkaProducer<String, byte[]> cameraProducer(TrapstreamConfig config) {
        return new KafkaProducer<>(new HashMap<String, Object>(KafkaClients.producer(config, "test-camera")));
    }

    private static void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record)
        throws ExecutionException, InterruptedException {
        producer.send(record).get();
    }

    private static List<ConsumerRecord<String, byte[]>> published(TrapstreamConfig config, List<byte[]> images) {
        List<String> ids = images.stream().map(ImageIds::of).toList();
        return TopicContents.read(config, Topics.IMAGES, r -> ids.contains(r.key()));
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(TrapstreamConfig config, List<byte[]> images) {
        List<String> ids = images.stream().map(ImageIds::of).toList();
        return TopicContents.read(config, Topics.IMAGES_REJECTED, r -> ids.contains(r.key())
            && Topics.IMAGES_RAW.equals(ImageRecord.text(r.headers(), ImageHeaders.SOURCE)));
    }

    /** Whether the group has committed the end of every partition of the raw topic. */
    private boolean allCommitted(TrapstreamConfig config) {
        Map<TopicPartition, Long> committed = GroupOffsets.committed(config, group);
        return GroupOffsets.ends(config, Topics.IMAGES_RAW).entrySet().stream()
            .allMatch(end -> end.getValue().equals(committed.get(end.getKey())));
    }

    private static double count(IngestHarness ingest, String outcome) {
        return ingest.context.registry().get("camtrap.ingest.images")
            .tags("source", "kafka", "outcome", outcome).counter().count();
    }
}
