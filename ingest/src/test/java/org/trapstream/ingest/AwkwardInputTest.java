package org.trapstream.ingest;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.image.ImageDecoder;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.trapstream.testkit.Eventually.eventually;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;

/**
 * Every kind of awkward or hostile input a camera or gateway may send, in one table, through both doors: the
 * upload route and the raw topic on a real broker. Each row ends accepted (and then decodes to a model's input,
 * or is refused by that decode as the classifier would), a duplicate, or a 4xx and a dead letter with its
 * specific reason; after each, a valid image still goes through. What else each door does with a bad request (a
 * body refused unread, form bodies, dead letters' contents) is in {@link ImageUploadTest} and
 * {@link RawImageConsumerTest}.
 */
class AwkwardInputTest extends IngestRoleTest {

    private static final int MAX_BYTES = 256 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CAMERA = "awkward-cam";
    private static final String CAPTURED_AT = "2024-05-01T06:30:00Z";

    private static KafkaProducer<String, byte[]> producer;
    private static ImageLimits limits;
    /** A new seed per run: ids from earlier runs on the broker never match. */

    /**
     * One row: the bytes (made fresh for each door), the camera id and capture time sent with them, and the
     * outcome: {@code reason} null for accepted, {@code decodeReason} what decoding the accepted bytes then gives
     * (null: a model input), {@code sentTwice} for a duplicate.
     */
    record Row(String name, Function<Random, byte[]> bytes, String cameraId, String capturedAt, RejectReason reason,
               RejectReason decodeReason, boolean sentTwice) {

        static Row accepted(String name, Function<Random, byte[]> bytes) {
            return new Row(name, bytes, CAMERA, CAPTURED_AT, null, null, false);
        }

        static Row rejected(String name, Function<Random, byte[]> bytes, RejectReason reason) {
            return new Row(name, bytes, CAMERA, CAPTURED_AT, reason, null, false);
        }

        Row withCameraId(String id) {
            return new Row(name, bytes, id, capturedAt, reason, decodeReason, sentTwice);
        }

        Row withCapturedAt(String time) {
            return new Row(name, bytes, cameraId, time, reason, decodeReason, sentTwice);
        }

        Row decodedAs(RejectReason decode) {
            return new Row(name, bytes, cameraId, capturedAt, reason, decode, sentTwice);
        }

        Row twice() {
            return new Row(name, bytes, cameraId, capturedAt, reason, decodeReason, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> table() {
        Function<Random, byte[]> jpeg = r -> encode(noise(r, 64, 48), "jpeg");
        return Stream.of(
            Row.rejected("zero bytes", r -> new byte[0], RejectReason.EMPTY),
            Row.rejected("random bytes", AwkwardInputTest::randomBytes, RejectReason.UNSUPPORTED_FORMAT),
            Row.rejected("a PDF", r -> ("%PDF-1.4\n%" + r.nextLong() + "\n1 0 obj << >> endobj\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII), RejectReason.UNSUPPORTED_FORMAT),
            Row.rejected("WebP", AwkwardInputTest::webp, RejectReason.UNSUPPORTED_FORMAT),
            Row.accepted("truncated JPEG, refused when decoded",
                r -> TestImages.truncated(TestImages.jpeg(noise(r, 400, 300)))).decodedAs(RejectReason.CORRUPT),
            Row.accepted("CMYK JPEG", r -> TestImages.cmykJpeg(r.nextLong(), 64, 48)),
            Row.accepted("greyscale JPEG", r -> encode(TestImages.grey(noise(r, 64, 48)), "jpeg")),
            Row.accepted("16-bit grey PNG", r -> encode(sixteenBitGrey(r), "png")),
            Row.accepted("RGBA PNG", r -> encode(TestImages.transparentTop(noise(r, 64, 48), 10), "png")),
            Row.accepted("GIF", r -> encode(noise(r, 64, 48), "gif")),
            Row.accepted("MPO (two JPEGs in one file)", AwkwardInputTest::mpo),
            Row.accepted("EXIF-rotated JPEG", r -> TestImages.withExif(jpeg.apply(r), 6, "2024:05:01 06:30:15")),
            Row.rejected("1x1 JPEG", r -> encode(noise(r, 1, 1), "jpeg"), RejectReason.TOO_SMALL),
            Row.rejected("header claiming 50000x50000", r -> TestImages.withFrameSize(jpeg.apply(r), 50_000, 50_000),
                RejectReason.TOO_MANY_PIXELS),
            Row.accepted("thumbnail claiming 50000x50000, decoded from the frame", r -> TestImages.withExifThumbnail(
                TestImages.jpeg(TestImages.scene(640 + r.nextInt(8), 640)),
                TestImages.withFrameSize(jpeg.apply(r), 50_000, 50_000))),
            Row.rejected("body over the limit", AwkwardInputTest::overTheLimit, RejectReason.TOO_LARGE),
            Row.rejected("no camera id", jpeg, RejectReason.MISSING_CAMERA_ID).withCameraId(null),
            Row.rejected("a path for a camera id", jpeg, RejectReason.MISSING_CAMERA_ID).withCameraId("cam/../etc"),
            Row.rejected("oversized camera id", jpeg, RejectReason.MISSING_CAMERA_ID).withCameraId("c".repeat(1000)),
            Row.rejected("non-UTF-8 camera id", jpeg, RejectReason.MISSING_CAMERA_ID).withCameraId("cam\u00e9ra"),
            // A tab: HTTP carries no other control character in a header value.
            Row.rejected("control character in camera id", jpeg, RejectReason.MISSING_CAMERA_ID)
                .withCameraId("cam\tone"),
            Row.rejected("oversized capture time", jpeg, RejectReason.BAD_CAPTURE_TIME)
                .withCapturedAt("2024-05-01T06:30:00Z".repeat(50)),
            Row.rejected("control character in capture time", jpeg, RejectReason.BAD_CAPTURE_TIME)
                .withCapturedAt("2024-05-01T06:30:00\tZ"),
            Row.accepted("a duplicate", jpeg).twice());
    }

    @BeforeAll
    static void start() {
        startIngest("ingest-awkward-test",
            Map.of(ImageSettings.IMAGE_MAX_BYTES, String.valueOf(MAX_BYTES)));
        producer = new KafkaProducer<>(
            new HashMap<String, Object>(KafkaClients.producer(ingest.config, "test-camera")));
        limits = ImageLimits.from(ingest.config);
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void atTheUploadRoute(Row row) {
        byte[] bytes = row.bytes().apply(random);
        String id = ImageIds.of(bytes);
        long lettersBefore = deadLetters(id, IntakeSource.HTTP.origin());

        HttpResponse<Buffer> response = IngestHarness.await(upload(row.cameraId(), row.capturedAt())
            .sendBuffer(Buffer.buffer(bytes)));

        if (row.reason() != null) {
            assertEquals(row.reason().httpStatus(), response.statusCode(), response.bodyAsString());
            JsonObject error = response.bodyAsJsonObject();
            assertEquals(row.reason().code(), error.getString(Problem.CODE));
            assertEquals(id, error.getString("image_id"));
            eventually(PATIENCE, () -> assertEquals(lettersBefore + 1, deadLetters(id, IntakeSource.HTTP.origin())));
            assertDeadLetter(id, IntakeSource.HTTP.origin(), row.reason(), bytes);
        } else {
            assertEquals(202, response.statusCode(), response.bodyAsString());
            if (row.sentTwice()) {
                HttpResponse<Buffer> again = IngestHarness.await(upload(row.cameraId(), row.capturedAt())
                    .sendBuffer(Buffer.buffer(bytes)));
                assertEquals(200, again.statusCode());
                assertEquals("duplicate", again.bodyAsJsonObject().getString("status"));
            }
            assertEquals(1, published(id));
            assertDecodes(row, bytes);
        }
        byte[] valid = encode(noise(random, 48, 48), "jpeg");
        assertEquals(202, IngestHarness.await(upload(CAMERA, null).sendBuffer(Buffer.buffer(valid))).statusCode(),
            "a valid image still goes through");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void onTheRawTopic(Row row) throws Exception {
        byte[] bytes = row.bytes().apply(random);
        String id = ImageIds.of(bytes);
        long lettersBefore = deadLetters(id, Topics.IMAGES_RAW);
        double duplicatesBefore = ingestCount("duplicate");

        send(bytes, row.cameraId(), row.capturedAt());
        if (row.sentTwice()) {
            eventually(PATIENCE, () -> assertEquals(1, published(id)));
            send(bytes, row.cameraId(), row.capturedAt());
        }

        if (row.reason() != null) {
            eventually(PATIENCE, () -> assertEquals(lettersBefore + 1, deadLetters(id, Topics.IMAGES_RAW)));
            assertDeadLetter(id, Topics.IMAGES_RAW, row.reason(), bytes);
        } else {
            eventually(PATIENCE, () -> assertEquals(1, published(id)));
            if (row.sentTwice()) {
                eventually(PATIENCE, () -> assertEquals(duplicatesBefore + 1, ingestCount("duplicate")));
                assertEquals(1, published(id), "a duplicate is not published again");
            }
            assertDecodes(row, bytes);
        }
        byte[] valid = encode(noise(random, 48, 48), "png");
        send(valid, CAMERA, null);
        eventually(PATIENCE, () -> assertEquals(1, published(ImageIds.of(valid)), "a valid image still goes through"));
    }

    /** What the classifier's decode makes of an accepted image: a model input, or the row's reject reason. */
    private static void assertDecodes(Row row, byte[] bytes) {
        if (row.decodeReason() == null) {
            assertEquals(224, ImageDecoder.decode(bytes, 224, 224, limits).getWidth());
        } else {
            assertEquals(row.decodeReason(), assertThrows(ImageRejectedException.class,
                () -> ImageDecoder.decode(bytes, 224, 224, limits)).reason());
        }
    }

    private static void assertDeadLetter(String id, String source, RejectReason reason, byte[] bytes) {
        ConsumerRecord<String, byte[]> last = lettersOf(id, source).reduce((first, second) -> second).orElseThrow();
        DeadLetter letter = DeadLetter.fromKafka(last.headers(), last.value());
        assertEquals(reason, letter.reason());
        assertEquals(ImageIntake.REJECTED_BY, letter.rejectedBy());
        assertArrayEquals(Arrays.copyOf(bytes, Math.min(bytes.length, DeadLetter.KEPT_PREFIX_BYTES)), letter.bytes(),
            "the dead letter keeps the body's first bytes");
        assertEquals(ImagePayload.PREFIX, letter.payload());
        assertEquals(bytes.length, letter.originalSize());
        assertEquals(ImageIds.of(bytes), letter.imageId(), "and the digest of all of it");
    }

    /** Header values go out as ISO-8859-1, one byte per char as HTTP sends them: "\u00e9" is 0xE9, not UTF-8. */
    private static void send(byte[] bytes, String cameraId, String capturedAt) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IMAGES_RAW, bytes);
        if (cameraId != null) {
            record.headers().add(ImageHeaders.CAMERA_ID, cameraId.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (capturedAt != null) {
            record.headers().add(ImageHeaders.CAPTURED_AT, capturedAt.getBytes(StandardCharsets.ISO_8859_1));
        }
        producer.send(record).get();
    }

    private static HttpRequest<Buffer> upload(String cameraId, String capturedAt) {
        HttpRequest<Buffer> request = ingest.upload()
            .putHeader("Content-Type", "application/octet-stream");
        if (cameraId != null) {
            request.putHeader(ImageUploadRoutes.CAMERA_ID, cameraId);
        }
        return capturedAt == null ? request : request.putHeader(ImageUploadRoutes.CAPTURED_AT, capturedAt);
    }

    private static long published(String id) {
        return TestKafka.readToEnd(Topics.IMAGES, r -> id.equals(r.key())).size();
    }

    private static long deadLetters(String id, String source) {
        return lettersOf(id, source).count();
    }

    private static Stream<ConsumerRecord<String, byte[]>> lettersOf(String id, String source) {
        return TestKafka.readToEnd(Topics.IMAGES_REJECTED, r -> id.equals(r.key())
            && source.equals(ImageRecord.text(r.headers(), ImageHeaders.SOURCE)))
            .stream();
    }

    private static double ingestCount(String outcome) {
        Counter counter = ingest.context.registry().find("camtrap.ingest.images")
            .tags("source", "kafka", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    // ---- inputs ----

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1000];
        random.nextBytes(bytes);
        bytes[0] = 0x42; // not by chance a JPEG, PNG or GIF signature
        return bytes;
    }

    private static byte[] webp(Random random) {
        byte[] webp = TestImages.webp();
        return ByteBuffer.allocate(webp.length + 8).put(webp).putLong(random.nextLong()).array();
    }

    private static byte[] overTheLimit(Random random) {
        byte[] body = new byte[MAX_BYTES + 1];
        random.nextBytes(body);
        body[0] = (byte) 0xFF;
        body[1] = (byte) 0xD8;
        body[2] = (byte) 0xFF;
        return body;
    }

    private static BufferedImage sixteenBitGrey(Random random) {
        BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                grey.getRaster().setSample(x, y, 0, random.nextInt(65_536));
            }
        }
        return grey;
    }

    /**
     * A Multi-Picture Object as stereo and some trail cameras write it: a JPEG with an APP2 "MPF" segment, then a
     * second JPEG after its EOI marker. Only the first image is the frame.
     */
    private static byte[] mpo(Random random) {
        byte[] first = TestImages.withSegment(encode(noise(random, 64, 48), "jpeg"),
            TestImages.segment(0xE2, "MPF\0MM\0*\0\0\0\u0008".getBytes(StandardCharsets.ISO_8859_1)));
        byte[] second = encode(noise(random, 64, 48), "jpeg");
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }
}
