package org.trapstream.classifier;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.image.store.ImageStore;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.TestImages.cmykJpeg;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.grey;
import static org.trapstream.testkit.TestImages.noise;
import static org.trapstream.testkit.TestImages.pngClaiming;
import static org.trapstream.testkit.TestImages.transparentTop;
import static org.trapstream.testkit.TestImages.truncated;
import static org.trapstream.testkit.TestImages.webp;
import static org.trapstream.testkit.TestImages.withExif;
import static org.trapstream.testkit.TestImages.withExifThumbnail;

/**
 * Images that reach camtrap.images without going through ingest's checks, inline or as a reference to the image
 * store: each ends as a prediction or as a dead letter with a specific reason, and the stream carries on.
 */
class AwkwardImagesTest extends BrokerTest {

    private static final String PREDICTED = "predicted";

    private record Case(String name, ProducerRecord<String, byte[]> record, String expected) {}

    @Test
    void everyAwkwardImageIsPredictedOrDeadLetteredAndTheStreamCarriesOn(@TempDir Path dataDir) {
        Setup setup = newSetup("awkward", dataDir, Map.of());
        TrapstreamConfig config = setup.config();
        ModelRegistry registry = setup.registry();
        ModelMetadata model = promoteNewModel(registry, 3);
        ImageStore store = new ImageStore(config.imageStoreDir());

        long seed = System.nanoTime();
        BufferedImage picture = noise(seed, 64, 48);
        byte[] onePixel = encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        byte[] largeWithThumbnail = withExifThumbnail(encode(noise(seed + 9, 1024, 768), "jpeg"),
            encode(noise(seed + 9, 64, 48), "jpeg"));
        byte[] cutOff = Arrays.copyOf(largeWithThumbnail, largeWithThumbnail.length * 2 / 3);
        assertTrue(cutOff.length > DecodeStage.HEAD_BYTES, "the frames lie beyond the head");
        List<Case> cases = List.of(
            new Case("truncated jpeg", ImageRecords.of(truncated(encode(noise(seed, 128, 96), "jpeg")), "jpeg", 128, 96),
                "corrupt"),
            new Case("cmyk jpeg", ImageRecords.of(cmykJpeg(seed, 64, 48), "jpeg", 64, 48), PREDICTED),
            new Case("greyscale jpeg", ImageRecords.of(encode(grey(picture), "jpeg"), "jpeg", 64, 48), PREDICTED),
            new Case("rgba png", ImageRecords.of(encode(transparentTop(picture, 8), "png"), "png", 64, 48), PREDICTED),
            new Case("webp", ImageRecords.of(webp(), "webp", 64, 48), "unsupported_format"),
            new Case("exif-rotated jpeg", ImageRecords.of(withExif(encode(picture, "jpeg"), 6, null), "jpeg", 48, 64),
                PREDICTED),
            new Case("jpeg with an exif thumbnail", ImageRecords.of(withExifThumbnail(encode(noise(seed, 640, 480), "jpeg"),
                encode(noise(seed, 64, 48), "jpeg")), "jpeg", 640, 480), PREDICTED),
            new Case("1x1 png", ImageRecords.of(onePixel, "png", 1, 1), "too_small"),
            new Case("png claiming 50000x50000",
                ImageRecords.of(pngClaiming(50_000, 50_000), "png", 50_000, 50_000), "too_many_pixels"),
            new Case("no headers at all", headerless(ImageRecords.jpeg(seed + 1).value()), "missing_camera_id"),
            new Case("stored jpeg", stored(store, ImageRecords.jpegBytes(seed + 3), null), PREDICTED),
            new Case("stored truncated jpeg", stored(store, truncated(encode(noise(seed + 4, 128, 96), "jpeg")), null),
                "corrupt"),
            new Case("stored jpeg missing from the store", stored(store, ImageRecords.jpegBytes(seed + 5), new byte[0]),
                "image_unavailable"),
            new Case("stored jpeg the store holds only part of",
                stored(store, ImageRecords.jpegBytes(seed + 6), truncated(ImageRecords.jpegBytes(seed + 6))),
                "image_unavailable"),
            new Case("stored jpeg with an exif thumbnail, read from its head",
                stored(store, ImageRecords.reference(largeWithThumbnail, "jpeg", 1024, 768), largeWithThumbnail),
                PREDICTED),
            new Case("stored jpeg with an exif thumbnail, cut off in transfer",
                stored(store, ImageRecords.reference(cutOff, "jpeg", 1024, 768), cutOff), "corrupt"),
            new Case("schema 1 record", schemaOne(ImageRecords.jpeg(seed + 7)), PREDICTED),
            new Case("unknown schema version", withSchema(ImageRecords.jpeg(seed + 8), "3"), "corrupt"),
            new Case("a valid image after them all", ImageRecords.jpeg(seed + 2), PREDICTED));
        Map<String, Case> byId = new LinkedHashMap<>();
        cases.forEach(c -> byId.put(c.record().key(), c));
        assertEquals(cases.size(), byId.size(), "every case has its own image id");

        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            TestKafka.send(cases.stream().map(Case::record).toList());
            Set<String> ids = byId.keySet();
            List<ConsumerRecord<String, byte[]>> predictions = TestKafka.await(Topics.PREDICTIONS,
                r -> ids.contains(r.key()), count(cases, true));
            List<ConsumerRecord<String, byte[]>> deadLetters = TestKafka.await(Topics.IMAGES_REJECTED,
                r -> ids.contains(r.key()), count(cases, false));

            Map<String, String> outcome = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> record : predictions) {
                Prediction prediction = Prediction.fromJson(new JsonObject(new String(record.value())));
                assertEquals(model.version(), prediction.modelVersion());
                outcome.put(byId.get(record.key()).name(), PREDICTED);
            }
            for (ConsumerRecord<String, byte[]> record : deadLetters) {
                DeadLetter letter = DeadLetter.fromKafka(record.headers(), record.value());
                assertEquals("classifier", letter.rejectedBy());
                assertEquals(Topics.IMAGES, letter.source());
                ProducerRecord<String, byte[]> sent = byId.get(record.key()).record();
                assertArrayEquals(sent.value(), letter.bytes(), "the original bytes are kept");
                assertEquals(ImageRecord.text(sent.headers(), ImageHeaders.PAYLOAD) == null ? "inline"
                    : ImageRecord.text(sent.headers(), ImageHeaders.PAYLOAD), letter.payload().code(),
                    "a stored image's letter refers to the store as its record did");
                assertNotNull(letter.detail());
                outcome.put(byId.get(record.key()).name(), letter.reason().code());
            }
            Map<String, String> expected = new LinkedHashMap<>();
            cases.forEach(c -> expected.put(c.name(), c.expected()));
            assertEquals(expected, sortedLike(expected, outcome));

            for (String reason : List.of("unsupported_format", "too_small", "too_many_pixels")) {
                assertEquals(1.0, classifier.counter("camtrap.classifier.dead.letters", "reason", reason), reason);
            }
            assertEquals(4.0, classifier.counter("camtrap.classifier.dead.letters", "reason", "corrupt"));
            assertEquals(2.0, classifier.counter("camtrap.classifier.dead.letters", "reason", "image_unavailable"));
            // Small files are read whole, the large one whose thumbnail will do only up to the head, the one cut
            // off (no end marker, so its thumbnail may not stand in for it) by its head and then whole.
            long smallFiles = cases.stream().filter(c -> c.name().startsWith("stored") && !c.name().contains("exif"))
                .mapToLong(c -> store.readHead(c.record().key(), Integer.MAX_VALUE).map(h -> h.fileSize()).orElse(0L))
                .sum();
            assertEquals((double) smallFiles + DecodeStage.HEAD_BYTES + DecodeStage.HEAD_BYTES + cutOff.length,
                classifier.counter("camtrap.classifier.image.store.read"), "bytes read from the image store");
            // 64x48 is 1.5x the model's 32 px input in both axes: those two images are read from their thumbnails.
            assertEquals(2.0, classifier.counter("camtrap.classifier.decodes", "source", "exif_thumbnail"));
            assertEquals(count(cases, true) - 2.0, classifier.counter("camtrap.classifier.decodes", "source", "frame"));
            assertTrue(classifier.health().getBoolean("up"));
        }
    }

    /**
     * A record that refers to {@code image} in the image store, where {@code content} is put: the image itself,
     * part of it, or (empty) nothing at all; null stores the image.
     */
    private static ProducerRecord<String, byte[]> stored(ImageStore store, byte[] image, byte[] content) {
        return stored(store, ImageRecords.reference(image, "jpeg", 64, 48), content == null ? image : content);
    }

    private static ProducerRecord<String, byte[]> stored(ImageStore store, ProducerRecord<String, byte[]> record,
                                                         byte[] content) {
        if (content.length > 0) {
            store.put(record.key(), content);
        }
        return record;
    }

    /** The record as a writer from before the payload header would have sent it. */
    private static ProducerRecord<String, byte[]> schemaOne(ProducerRecord<String, byte[]> record) {
        record.headers().remove(ImageHeaders.PAYLOAD).remove(ImageHeaders.SIZE);
        return withSchema(record, "1");
    }

    private static ProducerRecord<String, byte[]> withSchema(ProducerRecord<String, byte[]> record, String version) {
        record.headers().remove(ImageHeaders.SCHEMA).add(ImageHeaders.SCHEMA, version.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Raw bytes written straight to the topic, without ingest's headers. */
    private static ProducerRecord<String, byte[]> headerless(byte[] bytes) {
        return new ProducerRecord<>(Topics.IMAGES, ImageIds.of(bytes), bytes);
    }

    private static int count(List<Case> cases, boolean predicted) {
        return (int) cases.stream().filter(c -> PREDICTED.equals(c.expected()) == predicted).count();
    }

    private static Map<String, String> sortedLike(Map<String, String> order, Map<String, String> actual) {
        Map<String, String> sorted = new LinkedHashMap<>();
        order.keySet().forEach(name -> sorted.put(name, actual.getOrDefault(name, "no outcome")));
        List<String> extra = new ArrayList<>(actual.keySet());
        extra.removeAll(order.keySet());
        extra.forEach(name -> sorted.put(name, actual.get(name)));
        return sorted;
    }
}
