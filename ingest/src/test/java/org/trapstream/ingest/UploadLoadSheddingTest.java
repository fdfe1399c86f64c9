package org.trapstream.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;
import org.trapstream.common.http.RawConnection;
import org.trapstream.common.kafka.TestKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;

/**
 * What the upload route does when cameras send more than it should take, on a real broker through the launcher's
 * HTTP server: uploads beyond the bound and cameras beyond their rate are shed before their body is read, bodies
 * arrive in a file rather than on the heap, and a body too long is cut off. No spooled file outlives its upload.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UploadLoadSheddingTest extends IngestRoleTest {

    private static final int MAX_BYTES = 256 * 1024;
    private static final int BURST = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(60);


    @BeforeAll
    static void start() {
        startIngest("ingest-shedding-test", Map.of(
            ImageSettings.IMAGE_MAX_BYTES, String.valueOf(MAX_BYTES),
            IngestConfig.INGEST_HTTP_MAX_UPLOADS, "1",
            // one upload per thousand seconds: after its burst, a camera stays limited for the whole test
            IngestConfig.INGEST_HTTP_CAMERA_RATE, "0.001",
            IngestConfig.INGEST_HTTP_CAMERA_BURST, String.valueOf(BURST)));
    }

    @AfterEach
    void noUploadLeftBehind() {
        eventually(PATIENCE, () -> {
            assertEquals(List.of(), spooled(), "spooled files");
            assertEquals(0.0, ingest.context.registry().get("camtrap.ingest.http.uploads.in.flight").gauge().value());
        });
    }

    @Test
    void anUploadBeyondTheBoundIsShedWith503WhileTheFirstArrivesInAFile() {
        byte[] slow = jpeg();
        int half = slow.length / 2;
        try (RawConnection camera = RawConnection.open(ingest.port)) {
            camera.send(uploadHead(newCamera(), "Content-Length: " + slow.length));
            camera.send(Arrays.copyOf(slow, half));
            Path part = eventually(PATIENCE, () -> {
                List<Path> files = spooled();
                assertEquals(1, files.size(), "the body on its way, in a file");
                assertEquals(half, size(files.get(0)));
                return files.get(0);
            });
            double shedBefore = shed(UploadAdmission.Shed.OVERLOADED);

            HttpResponse<Buffer> shed = upload(newCamera(), jpeg());

            assertEquals(503, shed.statusCode());
            assertEquals("5", shed.getHeader("Retry-After"));
            assertEquals("overloaded", shed.bodyAsJsonObject().getString(Problem.CODE));
            assertEquals(shedBefore + 1, shed(UploadAdmission.Shed.OVERLOADED));

            camera.send(Arrays.copyOfRange(slow, half, slow.length));
            eventually(PATIENCE, () -> assertTrue(camera.received().startsWith("HTTP/1.1 202"), camera.received()));
            assertEquals(1, published(ImageIds.of(slow)), "the slow upload went through whole");
            assertTrue(Files.notExists(part), "its file is gone");
        }
        byte[] next = jpeg();
        assertEquals(202, upload(newCamera(), next).statusCode(), "the place was given back");
        assertEquals(1, published(ImageIds.of(next)));
    }

    @Test
    void aCameraOverItsRateIsAnswered429AndOthersAreNot() {
        String camera = newCamera();
        for (int i = 0; i < BURST; i++) {
            assertEquals(202, upload(camera, jpeg()).statusCode(), "within the burst: " + i);
        }
        double shedBefore = shed(UploadAdmission.Shed.RATE_LIMITED);
        byte[] tooSoon = jpeg();

        HttpResponse<Buffer> limited = upload(camera, tooSoon);

        assertEquals(429, limited.statusCode());
        assertEquals("rate_limited", limited.bodyAsJsonObject().getString(Problem.CODE));
        long retryAfter = Long.parseLong(limited.getHeader("Retry-After"));
        assertTrue(retryAfter > 1 && retryAfter <= 1000, "about a thousand seconds for one token: " + retryAfter);
        assertEquals(shedBefore + 1, shed(UploadAdmission.Shed.RATE_LIMITED));
        assertEquals(0, published(ImageIds.of(tooSoon)));
        assertEquals(202, upload(newCamera(), jpeg()).statusCode(), "another camera has its own bucket");
    }

    @Test
    void aBodyTooLongIsCutOffWithoutBeingRead() {
        double refusedBefore = tooLarge();
        byte[] chunk = new byte[64 * 1024];
        random.nextBytes(chunk);
        String chunked = Integer.toHexString(chunk.length) + "\r\n";
        long endless = 256L * MAX_BYTES;
        try (RawConnection camera = RawConnection.open(ingest.port)) {
            camera.send(uploadHead(newCamera(), "Transfer-Encoding: chunked"));
            while (camera.sent() < endless && !camera.closed()
                && camera.send(chunked) && camera.send(chunk) && camera.send("\r\n")) {
                // no declared length: only what arrives can tell the server the body is too long
            }

            String answer = camera.awaitClosed(PATIENCE);

            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains(RejectReason.TOO_LARGE.code()), answer);
            assertTrue(camera.sent() < endless, "cut off: " + camera.sent() + " bytes sent");
        }
        assertEquals(refusedBefore + 1, tooLarge());
        assertEquals(202, upload(newCamera(), jpeg()).statusCode(), "a valid image still goes through");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() {
        double refusedBefore = tooLarge();
        try (RawConnection camera = RawConnection.open(ingest.port)) {
            camera.send(uploadHead(newCamera(), "Content-Length: " + (4L * MAX_BYTES) + "\r\nExpect: 100-continue"));

            String answer = camera.awaitClosed(PATIENCE);

            assertTrue(answer.startsWith("HTTP/1.1 413"), "no 100 Continue, the refusal: " + answer);
        }
        assertEquals(refusedBefore + 1, tooLarge());
    }

    @Test
    void anAdmittedUploadIsToldToContinue() {
        byte[] image = jpeg();
        try (RawConnection camera = RawConnection.open(ingest.port)) {
            camera.send(uploadHead(newCamera(), "Content-Length: " + image.length + "\r\nExpect: 100-continue"));
            eventually(PATIENCE, () -> assertTrue(camera.received().startsWith("HTTP/1.1 100 Continue\r\n\r\n"),
                camera.received()));

            camera.send(image);

            eventually(PATIENCE, () -> assertTrue(camera.received().contains("\r\n\r\nHTTP/1.1 202"), camera.received()));
        }
        assertEquals(1, published(ImageIds.of(image)));
    }

    @Test
    void aCameraThatLeavesMidBodyLeavesNoFile() {
        byte[] image = jpeg();
        try (RawConnection camera = RawConnection.open(ingest.port)) {
            camera.send(uploadHead(newCamera(), "Content-Length: " + image.length));
            camera.send(Arrays.copyOf(image, image.length / 2));
            eventually(PATIENCE, () -> assertEquals(1, spooled().size(), "the body on its way"));
        }
        eventually(PATIENCE, () -> assertEquals(List.of(), spooled(), "the file is deleted"));
        assertEquals(0, published(ImageIds.of(image)));
    }

    private byte[] jpeg() {
        return encode(noise(random, 160, 120), "jpeg");
    }

    private static String newCamera() {
        return "cam-" + UUID.randomUUID();
    }

    private static String uploadHead(String cameraId, String framing) {
        return "POST " + ImageUploadRoutes.PATH + " HTTP/1.1\r\nHost: ingest\r\nContent-Type: image/jpeg\r\n"
            + "Authorization: Bearer " + IngestHarness.GATEWAY_TOKEN + "\r\n"
            + ImageUploadRoutes.CAMERA_ID + ": " + cameraId + "\r\n" + framing + "\r\n\r\n";
    }

    private static HttpResponse<Buffer> upload(String cameraId, byte[] body) {
        return IngestHarness.await(ingest.upload()
            .putHeader("Content-Type", "image/jpeg")
            .putHeader(ImageUploadRoutes.CAMERA_ID, cameraId)
            .sendBuffer(Buffer.buffer(body)));
    }

    private static List<Path> spooled() {
        try (Stream<Path> files = Files.list(ingest.config.dataDir().resolve(IngestVerticle.UPLOADS_DIR))) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError("gone already: " + file, e);
        }
    }

    private static long published(String id) {
        return TestKafka.readToEnd(Topics.IMAGES, r -> id.equals(r.key())).size();
    }

    private static double shed(UploadAdmission.Shed reason) {
        return ingest.context.registry().get("camtrap.ingest.http.shed").tag("reason", reason.code()).counter().count();
    }

    private static double tooLarge() {
        Counter counter = ingest.context.registry().find("camtrap.ingest.rejections")
            .tags("source", "http", "reason", RejectReason.TOO_LARGE.code()).counter();
        return counter == null ? 0 : counter.count();
    }
}
