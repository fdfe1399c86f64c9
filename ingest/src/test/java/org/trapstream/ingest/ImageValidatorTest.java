package org.trapstream.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;
import static org.trapstream.testkit.TestImages.withExif;

class ImageValidatorTest {

    private static final Instant RECEIVED = Instant.parse("2025-01-02T03:04:05Z");

    private final ImageLimits limits = ImageLimits.defaults();
    @TempDir
    Path dataDir;
    private ImageValidator validator;
    private final Random random = new Random(42);

    @BeforeEach
    void createValidator() {
        validator = validator(ImagePayload.INLINE);
    }

    private ImageValidator validator(ImagePayload payload) {
        DeploymentBook book = DeploymentBook.open(dataDir.resolve(DeploymentBook.FILE), Optional.empty(),
            DurableFiles.onDisk());
        return new ImageValidator(limits, payload, new CapturePlacement(book),
            new IngestMetrics(new SimpleMeterRegistry(), limits.maxBytes()));
    }

    @Test
    void validImageBecomesARecordWithWhatItsHeaderSays() {
        byte[] png = encode(noise(random, 120, 90), "png");

        ImageRecord record = validate(png, "trail-cam_07.north", null);

        assertEquals(ImageIds.of(png), record.imageId());
        assertEquals("trail-cam_07.north", record.cameraId());
        assertEquals("png", record.format());
        assertEquals(120, record.width());
        assertEquals(90, record.height());
        assertEquals(RECEIVED, record.receivedAt());
        assertNull(record.capturedAt(), "neither the camera nor EXIF said when");
        assertEquals(ImagePayload.INLINE, record.payload());
        assertSame(png, record.value());
        assertEquals(png.length, record.size());
    }

    @Test
    void storedRecordCarriesTheSizeAndNoBytes() {
        byte[] png = encode(noise(random, 120, 90), "png");

        ImageRecord record = validator(ImagePayload.STORED)
            .validate(ImageIds.of(png), new IncomingImage(png, "cam", null, IntakeSource.HTTP), RECEIVED);

        assertEquals(ImagePayload.STORED, record.payload());
        assertEquals(0, record.value().length);
        assertEquals(png.length, record.size());
    }

    @Test
    void captureTimeComesFromExifWhenTheCameraSaysNothing() {
        byte[] jpeg = withExif(encode(noise(random, 64, 48), "jpeg"), 0, "2023:07:14 05:42:10");

        assertEquals(Instant.parse("2023-07-14T05:42:10Z"), validate(jpeg, "cam", null).capturedAt());
    }

    @Test
    void captureTimeFromTheCameraWinsOverExif() {
        byte[] jpeg = withExif(encode(noise(random, 64, 48), "jpeg"), 0, "2023:07:14 05:42:10");

        assertEquals(Instant.parse("2024-05-01T06:30:00Z"), validate(jpeg, "cam", "2024-05-01T08:30:00+02:00").capturedAt());
        assertEquals(Instant.parse("2024-05-01T06:30:00Z"), validate(jpeg, "cam", "2024-05-01T06:30:00Z").capturedAt());
    }

    @Test
    void cameraIdMustBePresentAndWellFormed() {
        byte[] jpeg = encode(noise(random, 32, 32), "jpeg");

        assertRejected(RejectReason.MISSING_CAMERA_ID, () -> validate(jpeg, null, null));
        assertRejected(RejectReason.MISSING_CAMERA_ID, () -> validate(jpeg, "", null));
        assertRejected(RejectReason.MISSING_CAMERA_ID, () -> validate(jpeg, "cam 1", null));
        assertRejected(RejectReason.MISSING_CAMERA_ID, () -> validate(jpeg, "c".repeat(65), null));
        assertEquals("c".repeat(64), validate(jpeg, "c".repeat(64), null).cameraId());
    }

    @Test
    void captureTimeWithoutOffsetOrInAnotherFormatIsRejected() {
        byte[] jpeg = encode(noise(random, 32, 32), "jpeg");

        assertRejected(RejectReason.BAD_CAPTURE_TIME, () -> validate(jpeg, "cam", "2024-05-01T06:30:00"));
        assertRejected(RejectReason.BAD_CAPTURE_TIME, () -> validate(jpeg, "cam", "2024:05:01 06:30:00"));
    }

    @Test
    void problemsOfTheImageItselfComeFirst() {
        byte[] tiny = encode(noise(random, 8, 8), "jpeg");
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> validate(tiny, null, "bad"));

        assertEquals(RejectReason.TOO_SMALL, e.reason());
    }

    private ImageRecord validate(byte[] bytes, String cameraId, String capturedAt) {
        return validator.validate(ImageIds.of(bytes), new IncomingImage(bytes, cameraId, capturedAt, IntakeSource.KAFKA),
            RECEIVED);
    }

    private static void assertRejected(RejectReason reason, Executable validation) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, validation);
        assertEquals(reason, e.reason());
        assertTrue(e.detail() != null && !e.detail().isBlank(), "a detail the operator can act on");
    }
}
