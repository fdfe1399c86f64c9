package org.trapstream.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageProbeTest {

    private static final ImageLimits LIMITS = ImageLimits.defaults();
    private static final BufferedImage IMAGE = TestImages.halves(64, 48, Color.RED, Color.BLUE);

    @Test
    void limitsComeFromConfiguration() {
        TrapstreamConfig config = TrapstreamConfig.of(ImageSettings.DEFINITION, Map.of(
            ImageSettings.IMAGE_MAX_BYTES, "2048", ImageSettings.IMAGE_MAX_PIXELS, "1000",
            ImageSettings.IMAGE_MIN_SIDE, "4"));

        assertEquals(new ImageLimits(2048, 1000, 4), ImageLimits.from(config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "gif", "bmp"})
    void readsDimensionsOfEveryDecodableFormat(String code) {
        ImageInfo info = ImageProbe.probe(TestImages.encode(IMAGE, code), LIMITS);

        assertEquals(code, info.format().code());
        assertEquals(64, info.width());
        assertEquals(48, info.height());
        assertEquals(1, info.exifOrientation());
        assertNull(info.exifCapturedAt());
    }

    @Test
    void reportsDimensionsAsDisplayedAfterExifRotation() {
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(IMAGE), 6, "2024:05:01 06:30:15");

        ImageInfo info = ImageProbe.probe(jpeg, LIMITS);

        assertEquals(48, info.width());
        assertEquals(64, info.height());
        assertEquals(6, info.exifOrientation());
        assertEquals(Instant.parse("2024-05-01T06:30:15Z"), info.exifCapturedAt());
    }

    @Test
    void rejectsEmptyInput() {
        assertRejected(RejectReason.EMPTY, new byte[0], LIMITS);
        assertRejected(RejectReason.EMPTY, null, LIMITS);
    }

    @Test
    void rejectsMoreBytesThanTheLimitBeforeLookingAtThem() {
        byte[] png = TestImages.encode(TestImages.scene(200, 200), "png");
        ImageLimits small = new ImageLimits(png.length - 1, LIMITS.maxPixels(), LIMITS.minSide());

        ImageRejectedException e = assertRejected(RejectReason.TOO_LARGE, png, small);

        assertTrue(e.detail().contains(String.valueOf(png.length)), e.detail());
        assertEquals(200, ImageProbe.probe(png, new ImageLimits(png.length, LIMITS.maxPixels(), 1)).width());
    }

    @Test
    void rejectsUnsupportedFormatsNamingThem() {
        byte[] webp = "RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0\u0030\u0001\0\u009d\u0001\u002a"
            .getBytes(StandardCharsets.ISO_8859_1);
        byte[] tiff = TestImages.encode(IMAGE, "tiff");

        assertEquals("webp is not supported; send JPEG or PNG",
            assertRejected(RejectReason.UNSUPPORTED_FORMAT, webp, LIMITS).detail());
        assertEquals("tiff is not supported; send JPEG or PNG",
            assertRejected(RejectReason.UNSUPPORTED_FORMAT, tiff, LIMITS).detail());
        assertRejected(RejectReason.UNSUPPORTED_FORMAT, "just text".getBytes(StandardCharsets.US_ASCII), LIMITS);
    }

    @Test
    void rejectsAHeaderClaimingGigapixelsWithoutAllocatingThem() {
        byte[] png = TestImages.pngClaiming(50_000, 50_000);
        ImageProbe.probe(TestImages.encode(IMAGE, "png"), LIMITS); // class loading is not what is timed

        ImageRejectedException e = assertTimeout(Duration.ofSeconds(1),
            () -> assertRejected(RejectReason.TOO_MANY_PIXELS, png, LIMITS));

        assertTrue(e.detail().contains("50000x50000"), e.detail());
    }

    @Test
    void rejectsImagesWithASideBelowTheMinimum() {
        byte[] onePixel = TestImages.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        byte[] thin = TestImages.encode(new BufferedImage(400, 15, BufferedImage.TYPE_INT_RGB), "png");

        assertRejected(RejectReason.TOO_SMALL, onePixel, LIMITS);
        assertRejected(RejectReason.TOO_SMALL, thin, LIMITS);
    }

    @Test
    void rejectsAnUnreadableHeaderAsCorrupt() {
        byte[] garbage = new byte[600];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        byte[] pngSignatureOnly = Arrays.copyOf(TestImages.encode(IMAGE, "png"), 12);

        assertTrue(assertRejected(RejectReason.CORRUPT, garbage, LIMITS).detail().startsWith("the jpeg header"));
        assertRejected(RejectReason.CORRUPT, pngSignatureOnly, LIMITS);
    }

    @Test
    void malformedExifLeavesAGoodImageAccepted() {
        byte[] jpeg = TestImages.jpeg(IMAGE);
        byte[] exif = TestImages.exifSegment(TestImages.exifTiff(ByteOrder.BIG_ENDIAN, 6, "2024:05:01 06:30:15", null));
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            byte[] damaged = exif.clone();
            for (int i = 0; i < 4; i++) {
                // Bytes 0-9 (marker, length, "Exif\0\0") stay, so the damage is inside the EXIF structure.
                damaged[10 + random.nextInt(damaged.length - 10)] = (byte) random.nextInt(256);
            }

            ImageInfo info = ImageProbe.probe(TestImages.withSegment(jpeg, damaged), LIMITS);

            boolean upright = info.width() == 64 && info.height() == 48;
            boolean turned = info.width() == 48 && info.height() == 64;
            assertTrue(upright || turned, info.toString());
        }
    }

    private static ImageRejectedException assertRejected(RejectReason reason, byte[] bytes, ImageLimits limits) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> ImageProbe.probe(bytes, limits));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }
}
