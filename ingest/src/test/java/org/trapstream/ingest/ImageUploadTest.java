package org.trapstream.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.image.store.ImageStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;

/** {@code POST /api/v1/images} against a real broker: what the camera is told and what lands on which topic. */
class ImageUploadTest extends IngestRoleTest {

    /** Small enough to test the size limit cheaply, far above the test images. */
    private static final int MAX_BYTES = 256 * 1024;

    private final String camera = "cam-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        startIngest("ingest-upload-test",
            Map.of(ImageSettings.IMAGE_MAX_BYTES, String.valueOf(MAX_BYTES)));
    }

    @Test
    void acceptedImageIsStoredAndPublishedAsAReferenceWithItsHeaders() {
        byte[] jpeg = encode(noise(random, 80, 60), "jpeg");
        String id = ImageIds.of(jpeg);

        HttpResponse<Buffer> response = IngestHarness.await(upload(camera)
            .putHeader(ImageUploadRoutes.CAPTURED_AT, "2024-05-01T08:30:00+02:00")
            .sendBuffer(Buffer.buffer(jpeg)));

        assertEquals(202, response.statusCode());
        assertEquals(new JsonObject().put("image_id", id).put("status", "accepted").put("duplicate", false),
            response.bodyAsJsonObject());
        List<ConsumerRecord<String, byte[]>> published = recordsOf(Topics.IMAGES, id);
        assertEquals(1, published.size());
        ImageRecord image = ImageRecord.fromKafka(published.get(0).headers(), published.get(0).value());
        assertEquals(ImagePayload.STORED, image.payload(), "the default payload");
        assertEquals(0, published.get(0).value().length, "the image stays out of Kafka");
        assertEquals(jpeg.length, image.size());
        assertEquals(id, image.imageId());
        assertEquals(camera, image.cameraId());
        assertEquals("2024-05-01T06:30:00Z", image.capturedAt().toString());
        assertEquals("jpeg", image.format());
        assertEquals(80, image.width());
        assertEquals(60, image.height());
        ImageStore store = new ImageStore(ingest.config.imageStoreDir());
        assertArrayEquals(jpeg, store.read(id).orElseThrow());
        assertTrue(store.isPublished(id));
    }

    @Test
    void bodyIsTheImageWhateverImageTypeIsClaimed() {
        for (String contentType : new String[] {"image/png", "image/jpeg", "application/octet-stream", null}) {
            byte[] png = encode(noise(random, 40, 40), "png");
            HttpRequest<Buffer> request = upload(camera);
            if (contentType == null) {
                request.headers().remove("Content-Type");
            } else {
                request.putHeader("Content-Type", contentType);
            }

            HttpResponse<Buffer> response = IngestHarness.await(request.sendBuffer(Buffer.buffer(png)));

            assertEquals(202, response.statusCode(), contentType + ": " + response.bodyAsString());
            assertEquals(1, recordsOf(Topics.IMAGES, ImageIds.of(png)).size(), contentType);
            assertArrayEquals(png, new ImageStore(ingest.config.imageStoreDir()).read(ImageIds.of(png)).orElseThrow(),
                contentType);
        }
    }

    @Test
    void formBodiesAreRefusedUnreadWithAHint() {
        // what curl --data-binary sends unless told otherwise, and what an HTML form sends
        for (String contentType : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            double refusedBefore = rejections(RejectReason.UNSUPPORTED_FORMAT);

            HttpResponse<Buffer> response = IngestHarness.await(upload(camera)
                .putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(encode(noise(random, 40, 40), "png"))));

            assertEquals(415, response.statusCode(), contentType);
            JsonObject error = response.bodyAsJsonObject();
            assertEquals(RejectReason.UNSUPPORTED_FORMAT.code(), error.getString(Problem.CODE));
            assertTrue(error.getString("detail").contains("application/octet-stream"), error.getString("detail"));
            assertEquals(refusedBefore + 1, rejections(RejectReason.UNSUPPORTED_FORMAT));
        }
    }

    @Test
    void sameBytesAgainAreADuplicateAndNotPublishedTwice() {
        byte[] png = encode(noise(random, 40, 40), "png");
        String id = ImageIds.of(png);

        assertEquals(202, IngestHarness.await(upload(camera).sendBuffer(Buffer.buffer(png))).statusCode());
        HttpResponse<Buffer> again = IngestHarness.await(upload("another-camera").sendBuffer(Buffer.buffer(png)));

        assertEquals(200, again.statusCode());
        assertEquals(new JsonObject().put("image_id", id).put("status", "duplicate").put("duplicate", true),
            again.bodyAsJsonObject());
        assertEquals(1, recordsOf(Topics.IMAGES, id).size());
    }

    @Test
    void textIsRejectedAsUnsupportedFormatAndDeadLetteredWithItsBytes() {
        byte[] text = ("not an image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = assertRejected(text, camera, RejectReason.UNSUPPORTED_FORMAT, 415);
        assertArrayEquals(text, letter.bytes());
    }

    @Test
    void imageWithoutCameraIdIsRejectedAndDeadLettered() {
        byte[] jpeg = encode(noise(random, 32, 32), "jpeg");
        DeadLetter letter = assertRejected(jpeg, null, RejectReason.MISSING_CAMERA_ID, 400);
        assertNull(letter.cameraId());
    }

    @Test
    void unparseableCaptureTimeIsRejected() {
        byte[] jpeg = encode(noise(random, 32, 32), "jpeg");
        HttpResponse<Buffer> response = IngestHarness.await(upload(camera)
            .putHeader(ImageUploadRoutes.CAPTURED_AT, "yesterday at dawn")
            .sendBuffer(Buffer.buffer(jpeg)));

        assertEquals(400, response.statusCode());
        assertEquals(RejectReason.BAD_CAPTURE_TIME.code(), response.bodyAsJsonObject().getString(Problem.CODE));
        assertEquals(1, deadLettersOf(ImageIds.of(jpeg)).size());
    }

    @Test
    void farLargerBodyIsRefusedUnreadAndCounted() {
        double refusedBefore = rejections(RejectReason.TOO_LARGE);

        HttpResponse<Buffer> response = IngestHarness.await(upload(camera).sendBuffer(Buffer.buffer(new byte[4 * MAX_BYTES])));

        assertEquals(413, response.statusCode());
        JsonObject error = response.bodyAsJsonObject();
        assertEquals(RejectReason.TOO_LARGE.code(), error.getString(Problem.CODE));
        assertFalse(error.containsKey("image_id"), "an unread body has no id");
        assertEquals(refusedBefore + 1, rejections(RejectReason.TOO_LARGE));
    }

    @Test
    void metricsAndHealthShowIngestAndItsKafkaClients() {
        byte[] jpeg = encode(noise(random, 48, 48), "jpeg");
        assertEquals(202, IngestHarness.await(upload(camera).sendBuffer(Buffer.buffer(jpeg))).statusCode());

        String metrics = ingest.scrape();
        assertTrue(metrics.contains("camtrap_ingest_images_total{outcome=\"accepted\",source=\"http\"}"), metrics);
        assertTrue(metrics.contains("camtrap_ingest_processing_seconds_bucket{"), "processing histogram");
        assertTrue(metrics.contains("camtrap_ingest_image_size_bytes_count{source=\"http\"}"), "image size summary");
        assertTrue(metrics.contains("kafka_producer_"), "producer metrics bound");
        assertTrue(metrics.contains("kafka_consumer_"), "consumer metrics bound");

        HttpResponse<Buffer> health = IngestHarness.await(ingest.http.get("/health").send());
        assertEquals(200, health.statusCode());
        assertTrue(health.bodyAsJsonObject().getJsonObject("components").getJsonObject(IngestRole.NAME).getBoolean("up"));
    }

    private DeadLetter assertRejected(byte[] body, String cameraId, RejectReason reason, int status) {
        String id = ImageIds.of(body);

        HttpResponse<Buffer> response = IngestHarness.await(upload(cameraId).sendBuffer(Buffer.buffer(body)));

        assertEquals(status, response.statusCode());
        JsonObject error = response.bodyAsJsonObject();
        assertEquals(reason.code(), error.getString(Problem.CODE));
        assertEquals(id, error.getString("image_id"));
        assertFalse(error.getString("detail").isBlank());
        List<ConsumerRecord<String, byte[]>> letters = deadLettersOf(id);
        assertEquals(1, letters.size(), "one dead letter");
        DeadLetter letter = DeadLetter.fromKafka(letters.get(0).headers(), letters.get(0).value());
        assertEquals(reason, letter.reason());
        assertEquals(error.getString("detail"), letter.detail());
        assertEquals(IntakeSource.HTTP.origin(), letter.source());
        assertEquals(ImageIntake.REJECTED_BY, letter.rejectedBy());
        assertTrue(recordsOf(Topics.IMAGES, id).isEmpty(), "nothing on " + Topics.IMAGES);
        return letter;
    }

    private HttpRequest<Buffer> upload(String cameraId) {
        HttpRequest<Buffer> request = ingest.upload()
            .putHeader("Content-Type", "application/octet-stream");
        return cameraId == null ? request : request.putHeader(ImageUploadRoutes.CAMERA_ID, cameraId);
    }

    /** Dead letters of uploads: the source tells them from raw-topic ones of the same bytes (all empty images share one id). */
    private static List<ConsumerRecord<String, byte[]>> deadLettersOf(String id) {
        return TestKafka.readToEnd(Topics.IMAGES_REJECTED, r -> id.equals(r.key())
            && IntakeSource.HTTP.origin().equals(ImageRecord.text(r.headers(), ImageHeaders.SOURCE)));
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String id) {
        return TestKafka.readToEnd(topic, r -> id.equals(r.key()));
    }

    private static double rejections(RejectReason reason) {
        Counter counter = ingest.context.registry().find("camtrap.ingest.rejections")
            .tags("source", "http", "reason", reason.code()).counter();
        return counter == null ? 0 : counter.count();
    }
}
