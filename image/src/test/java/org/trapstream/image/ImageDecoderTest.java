package org.trapstream.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.image.Colours.assertColour;
import static org.trapstream.image.Colours.assertSize;

class ImageDecoderTest {

    private static final ImageLimits LIMITS = ImageLimits.defaults();
    private static final Color GREEN = new Color(0, 200, 0);
    /** JPEG moves colours a little, and resizing blends them at the seams: sample away from edges. */
    private static final int JPEG_TOLERANCE = 12;

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "gif", "bmp"})
    void decodesEveryFormatToExactlyTheRequestedRgbSize(String code) {
        byte[] bytes = TestImages.encode(TestImages.halves(120, 80, Color.RED, Color.BLUE), code);

        BufferedImage image = ImageDecoder.decode(bytes, 40, 30, LIMITS);

        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertSize(40, 30, image);
        assertColour(Color.RED, image, 5, 15, JPEG_TOLERANCE);
        assertColour(Color.BLUE, image, 35, 15, JPEG_TOLERANCE);
    }

    @Test
    void stretchesAndUpscalesSmallImages() {
        byte[] png = TestImages.encode(TestImages.halves(100, 20, Color.RED, Color.BLUE), "png");

        BufferedImage image = ImageDecoder.decode(png, 64, 64, LIMITS);

        assertSize(64, 64, image);
        assertColour(Color.RED, image, 10, 60, 0);
        assertColour(Color.BLUE, image, 54, 3, 0);
    }

    @Test
    void subsamplesBigImagesKeepingTwiceTheTarget() {
        assertEquals(3, ImageDecoder.subsamplingFactor(2048, 1536, 224, 224));
        assertEquals(4, ImageDecoder.subsamplingFactor(2048, 1536, 224, 128));
        assertEquals(1, ImageDecoder.subsamplingFactor(300, 300, 224, 224));
        assertEquals(1, ImageDecoder.subsamplingFactor(100, 75, 224, 224));
    }

    /**
     * A JPEG goes through libjpeg-turbo's scaled decoding and an exact area average, a PNG through the JDK's
     * subsampling reader and halving steps: both close to an area average of the whole picture.
     */
    @ParameterizedTest(name = "{0}: mean error under {1}")
    @CsvSource({"jpeg, 1.5", "png, 6"})
    void largeFramesDecodeCloseToAFullResolutionAreaAverage(String format, double bound) {
        BufferedImage scene = TestImages.scene(2048, 1536);
        byte[] bytes = format.equals("jpeg") ? TestImages.jpeg(scene, 0.9f) : TestImages.encode(scene, format);
        BufferedImage reference = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = reference.createGraphics();
        g.drawImage(scene.getScaledInstance(224, 224, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();

        BufferedImage decoded = ImageDecoder.decode(bytes, 224, 224, LIMITS);

        double meanError = Colours.meanAbsoluteDifference(reference, decoded);
        assertTrue(meanError < bound, "mean absolute error per channel " + meanError);
    }

    @Test
    void rejectsATruncatedJpegAsCorrupt() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(400, 300));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        ImageRejectedException e = assertThrows(ImageRejectedException.class,
            () -> ImageDecoder.decode(truncated, 64, 64, LIMITS));

        assertEquals(RejectReason.CORRUPT, e.reason());
        assertTrue(e.detail().contains("truncated"), e.detail());
    }

    /** The end marker intact, so only decoding the scan finds the loss: the reduced-scale decode must not hide it. */
    @Test
    void rejectsALargeJpegThatLostDataInsideItsScan() {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(5L, 1600, 1200));
        byte[] damaged = TestImages.withoutMiddle(jpeg, 8192);

        ImageRejectedException e = assertThrows(ImageRejectedException.class,
            () -> ImageDecoder.decode(damaged, 224, 224, LIMITS));

        assertEquals(RejectReason.CORRUPT, e.reason());
        assertTrue(e.detail().contains("damaged"), e.detail());
    }

    /** Stray bytes before a marker make libjpeg-turbo warn, so the JDK's reader decodes, and accepts, the frame. */
    @Test
    void decodesALargeJpegWithStrayBytesBetweenMarkers() {
        byte[] jpeg = TestImages.jpeg(TestImages.halves(1600, 1200, Color.RED, Color.BLUE));
        int quantisationTable = indexOf(jpeg, (byte) 0xFF, (byte) 0xDB);
        byte[] stray = new byte[jpeg.length + 3];
        System.arraycopy(jpeg, 0, stray, 0, quantisationTable);
        stray[quantisationTable] = 0x12;
        stray[quantisationTable + 1] = 0x34;
        stray[quantisationTable + 2] = 0x56;
        System.arraycopy(jpeg, quantisationTable, stray, quantisationTable + 3, jpeg.length - quantisationTable);

        BufferedImage image = ImageDecoder.decode(stray, 224, 224, LIMITS);

        assertColour(Color.RED, image, 20, 112, JPEG_TOLERANCE);
        assertColour(Color.BLUE, image, 200, 112, JPEG_TOLERANCE);
    }

    private static int indexOf(byte[] bytes, byte first, byte second) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == first && bytes[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    @Test
    void acceptsAJpegMissingOnlyItsEndMarker() {
        byte[] jpeg = TestImages.jpeg(TestImages.halves(64, 64, Color.RED, Color.BLUE));
        byte[] withoutEoi = Arrays.copyOf(jpeg, jpeg.length - 2);

        BufferedImage image = ImageDecoder.decode(withoutEoi, 32, 32, LIMITS);

        assertColour(Color.BLUE, image, 28, 16, JPEG_TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "gif", "bmp"})
    void rejectsOtherTruncatedFormatsAsCorrupt(String code) {
        byte[] bytes = TestImages.encode(TestImages.scene(200, 200), code);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        ImageRejectedException e = assertThrows(ImageRejectedException.class,
            () -> ImageDecoder.decode(truncated, 64, 64, LIMITS));

        assertEquals(RejectReason.CORRUPT, e.reason());
    }

    @Test
    void rejectsWhatTheProbeRejects() {
        byte[] gigapixels = TestImages.pngClaiming(50_000, 50_000);
        byte[] webp = "RIFF\u0024\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        byte[] png = TestImages.encode(TestImages.scene(64, 64), "png");
        ImageDecoder.decode(png, 32, 32, LIMITS); // class loading is not what is timed

        assertEquals(RejectReason.TOO_MANY_PIXELS,
            assertTimeout(Duration.ofSeconds(1), () -> decodeRejection(gigapixels)).reason());
        assertEquals(RejectReason.EMPTY, decodeRejection(new byte[0]).reason());
        assertEquals(RejectReason.UNSUPPORTED_FORMAT, decodeRejection(webp).reason());
    }

    @Test
    void decodesSmallTargetsFromTheExifThumbnailAndLargerOnesFromTheFrame() {
        byte[] jpeg = frameWithBlueThumbnail(TestImages.halves(400, 300, Color.RED, GREEN), 160, 120);

        ImageDecoder.Decoded small = ImageDecoder.read(jpeg, 64, 64, LIMITS);      // 160x120 >= 1.5 x 64 in both axes
        ImageDecoder.Decoded larger = ImageDecoder.read(jpeg, 100, 100, LIMITS);   // 120 < 1.5 x 100

        assertEquals(ImageDecoder.Source.EXIF_THUMBNAIL, small.source());
        assertEquals(ImageDecoder.Source.FRAME, larger.source());
        assertColour(Color.BLUE, small.image(), 10, 32, JPEG_TOLERANCE);
        assertColour(Color.BLUE, small.image(), 54, 32, JPEG_TOLERANCE);
        assertColour(Color.RED, larger.image(), 10, 50, JPEG_TOLERANCE);
        assertColour(GREEN, larger.image(), 90, 50, JPEG_TOLERANCE);
    }

    @Test
    void decodesTheFrameWhenTheThumbnailCannotStandInForIt() {
        BufferedImage frame = TestImages.halves(400, 300, Color.RED, GREEN);
        byte[] withThumbnail = frameWithBlueThumbnail(frame, 160, 120);
        byte[] withoutEndMarker = Arrays.copyOf(withThumbnail, withThumbnail.length - 2);
        byte[] letterboxed = frameWithBlueThumbnail(frame, 160, 90);
        byte[] brokenThumbnail = TestImages.withExifThumbnail(TestImages.jpeg(frame),
            TestImages.truncated(TestImages.jpeg(TestImages.scene(160, 120))));

        for (byte[] jpeg : List.of(withoutEndMarker, letterboxed, brokenThumbnail)) {
            ImageDecoder.Decoded decoded = ImageDecoder.read(jpeg, 64, 64, LIMITS);

            assertEquals(ImageDecoder.Source.FRAME, decoded.source());
            assertColour(Color.RED, decoded.image(), 10, 32, JPEG_TOLERANCE);
            assertColour(GREEN, decoded.image(), 54, 32, JPEG_TOLERANCE);
        }
    }

    @Test
    void rejectsATruncatedFrameEvenWithAGoodThumbnail() {
        byte[] jpeg = TestImages.withExifThumbnail(TestImages.jpeg(TestImages.scene(800, 600)),
            TestImages.jpeg(TestImages.scene(160, 120)));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);

        ImageRejectedException e = assertThrows(ImageRejectedException.class,
            () -> ImageDecoder.decode(truncated, 64, 64, LIMITS));

        assertEquals(RejectReason.CORRUPT, e.reason());
    }

    @Test
    void decodesTheThumbnailFromTheFilesHeadExactlyAsFromTheWholeFile() {
        byte[] jpeg = frameWithBlueThumbnail(TestImages.scene(1600, 1200), 160, 120);
        ImageHead head = head(jpeg, 16 * 1024);

        ImageDecoder.Decoded whole = ImageDecoder.read(jpeg, 64, 64, LIMITS);
        ImageDecoder.Decoded fromHead = ImageDecoder.readThumbnail(head, 1600, 1200, 64, 64, LIMITS).orElseThrow();

        assertFalse(head.complete(), "the frame lies beyond the head");
        assertEquals(ImageDecoder.Source.EXIF_THUMBNAIL, whole.source());
        assertEquals(ImageDecoder.Source.EXIF_THUMBNAIL, fromHead.source());
        assertArrayEquals(pixels(whole.image()), pixels(fromHead.image()));
    }

    @Test
    void leavesToTheWholeFileWhatTheHeadCannotSettle() {
        BufferedImage frame = TestImages.scene(1600, 1200);
        byte[] jpeg = frameWithBlueThumbnail(frame, 160, 120);
        byte[] withoutThumbnail = TestImages.jpeg(frame);
        byte[] png = TestImages.encode(frame, "png");
        Map<String, ImageHead> heads = new LinkedHashMap<>();
        heads.put("target too large for the thumbnail", head(jpeg, 16 * 1024));
        heads.put("no end marker", new ImageHead(head(jpeg, 16 * 1024).bytes(), jpeg.length, false));
        heads.put("thumbnail beyond the head", head(jpeg, 256));
        heads.put("no thumbnail", head(withoutThumbnail, 16 * 1024));
        heads.put("not a jpeg", head(png, 16 * 1024));
        heads.put("over the size limit", new ImageHead(head(jpeg, 16 * 1024).bytes(), LIMITS.maxBytes() + 1L, true));

        heads.put("frame size other than the probe's", head(jpeg, 16 * 1024));

        heads.forEach((name, head) -> {
            int side = name.startsWith("target") ? 100 : 64;
            int frameWidth = name.startsWith("frame size") ? 1200 : 1600;
            assertTrue(ImageDecoder.readThumbnail(head, frameWidth, 1200, side, side, LIMITS).isEmpty(), name);
        });
    }

    private static ImageHead head(byte[] file, int headBytes) {
        int last = file.length - 1;
        return new ImageHead(Arrays.copyOf(file, Math.min(file.length, headBytes)), file.length,
            (file[last - 1] & 0xFF) == 0xFF && (file[last] & 0xFF) == 0xD9);
    }

    @Test
    void thumbnailMustHaveMarginOverTheTargetAndTheFramesAspect() {
        assertTrue(ImageDecoder.thumbnailFits(160, 120, 2048, 1536, 64, 64));
        assertTrue(ImageDecoder.thumbnailFits(160, 120, 2048, 1536, 96, 80));
        assertFalse(ImageDecoder.thumbnailFits(160, 120, 2048, 1536, 96, 96), "120 < 1.5 x 96");
        assertFalse(ImageDecoder.thumbnailFits(160, 120, 1920, 1080, 64, 64), "4:3 preview of a 16:9 frame");
        assertFalse(ImageDecoder.thumbnailFits(0, 0, 2048, 1536, 1, 1), "no frame header in the thumbnail");
    }

    private static byte[] frameWithBlueThumbnail(BufferedImage frame, int thumbnailWidth, int thumbnailHeight) {
        byte[] thumbnail = TestImages.jpeg(TestImages.halves(thumbnailWidth, thumbnailHeight, Color.BLUE, Color.BLUE));
        return TestImages.withExifThumbnail(TestImages.jpeg(frame), thumbnail);
    }

    @Test
    void refusesAnEmptyTargetSize() {
        byte[] png = TestImages.encode(TestImages.scene(64, 64), "png");

        assertThrows(IllegalArgumentException.class, () -> ImageDecoder.decode(png, 0, 224, LIMITS));
    }

    /** Decodes a 64 x 32 JPEG of two colours, left and right, to 32 x 16 and checks the middle of each half. */
    private static void assertDecodedHalves(byte[] jpeg, Color left, Color right) {
        BufferedImage image = ImageDecoder.decode(jpeg, 32, 16, LIMITS);

        assertColour(left, image, 4, 8, JPEG_TOLERANCE);
        assertColour(right, image, 28, 8, JPEG_TOLERANCE);
    }

    @Test
    void convertsPlainCmykJpegs() {
        byte[] jpeg = TestImages.cmykJpeg(64, 32, new int[] {0, 255, 255, 0}, new int[] {255, 0, 255, 0});

        assertDecodedHalves(jpeg, Color.RED, Color.GREEN);
    }

    @Test
    void convertsAdobeInvertedCmykJpegs() {
        byte[] inverted = TestImages.cmykJpeg(64, 32, new int[] {255, 0, 0, 255}, new int[] {255, 255, 0, 255});
        byte[] jpeg = TestImages.withSegment(inverted, TestImages.adobeSegment(0));

        assertDecodedHalves(jpeg, Color.RED, Color.YELLOW);
    }

    @Test
    void convertsYcckJpegs() {
        byte[] jpeg = TestImages.ycckJpeg(64, 32, new int[] {0, 255, 255, 0}, new int[] {255, 255, 0, 0});

        assertDecodedHalves(jpeg, Color.RED, Color.BLUE);
    }

    @Test
    void keepsGreyLevelsOfGreyscaleImages() {
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 64, 64);
        g.dispose();

        for (String code : List.of("jpeg", "png")) {
            BufferedImage image = ImageDecoder.decode(TestImages.encode(grey, code), 16, 16, LIMITS);

            assertColour(new Color(128, 128, 128), image, 8, 8, 2);
        }
    }

    @Test
    void keepsGreyLevelsOfSixteenBitAndGreyAlphaPngs() {
        BufferedImage grey16 = new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_GRAY);
        fillSamples(grey16.getRaster(), 128 * 257);
        ComponentColorModel greyAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
            Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster greyAlphaRaster = greyAlpha.createCompatibleWritableRaster(32, 32);
        fillSamples(greyAlphaRaster, 128, 255);
        greyAlphaRaster.setPixel(0, 0, new int[] {0, 0});

        BufferedImage fromGrey16 = ImageDecoder.decode(TestImages.encode(grey16, "png"), 32, 32, LIMITS);
        BufferedImage fromGreyAlpha = ImageDecoder.decode(
            TestImages.encode(new BufferedImage(greyAlpha, greyAlphaRaster, false, null), "png"), 32, 32, LIMITS);

        assertColour(new Color(128, 128, 128), fromGrey16, 10, 10, 0);
        assertColour(new Color(128, 128, 128), fromGreyAlpha, 10, 10, 0);
        assertColour(Color.WHITE, fromGreyAlpha, 0, 0, 0);
    }

    @Test
    void compositesTransparencyOnWhite() {
        BufferedImage rgba = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                rgba.setRGB(x, y, x < 16 ? 0x00000000 : 0xFF0000FF); // transparent black | opaque blue
            }
        }

        BufferedImage image = ImageDecoder.decode(TestImages.encode(rgba, "png"), 32, 32, LIMITS);

        assertColour(Color.WHITE, image, 4, 4, 0);
        assertColour(Color.BLUE, image, 28, 4, 0);
    }

    @Test
    void decodesPalettePngsAndSixteenBitColour() {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {(byte) 255, 0}, new byte[] {0, (byte) 200},
            new byte[] {0, 0});
        BufferedImage indexed = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_INDEXED, palette);
        fillSamples(indexed.getRaster(), 1);
        ComponentColorModel rgb16 = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
            Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster rgb16Raster = rgb16.createCompatibleWritableRaster(32, 32);
        fillSamples(rgb16Raster, 65535, 0, 0);

        assertColour(GREEN, ImageDecoder.decode(TestImages.encode(indexed, "png"), 16, 16, LIMITS), 8, 8, 0);
        assertColour(Color.RED, ImageDecoder.decode(
            TestImages.encode(new BufferedImage(rgb16, rgb16Raster, false, null), "png"), 16, 16, LIMITS), 8, 8, 0);
    }

    @Test
    void turnsAJpegTaggedOrientationSixClockwise() {
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(TestImages.halves(40, 20, Color.RED, Color.BLUE)), 6, null);

        BufferedImage image = ImageDecoder.decode(jpeg, 20, 40, LIMITS);

        assertColour(Color.RED, image, 10, 5, JPEG_TOLERANCE);    // the left half is now on top
        assertColour(Color.BLUE, image, 10, 35, JPEG_TOLERANCE);
    }

    /** Where the stored top-left (red) and top-right (green) corners must show, for each EXIF orientation. */
    @ParameterizedTest(name = "orientation {0}: red {1}, green {2}")
    @CsvSource({
        "1, TL, TR", "2, TR, TL", "3, BR, BL", "4, BL, BR",
        "5, TL, BL", "6, TR, BR", "7, BR, TR", "8, BL, TL"})
    void appliesEveryExifOrientation(int orientation, String red, String green) {
        BufferedImage stored = TestImages.quadrants(64, 32, Color.RED, GREEN, Color.BLUE, Color.YELLOW);
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(stored), orientation, null);
        ImageInfo info = ImageProbe.probe(jpeg, LIMITS);

        BufferedImage image = ImageDecoder.decode(jpeg, info.width(), info.height(), LIMITS);

        assertEquals(Orientation.swapsAxes(orientation) ? 32 : 64, image.getWidth());
        assertColourAtCorner(Color.RED, image, red);
        assertColourAtCorner(GREEN, image, green);
    }

    @Test
    void concurrentDecodesGiveTheSameResultAsOne() throws Exception {
        List<byte[]> inputs = List.of(
            TestImages.jpeg(TestImages.scene(800, 600)),
            TestImages.encode(TestImages.scene(300, 200), "png"),
            TestImages.withExif(TestImages.jpeg(TestImages.scene(640, 480)), 8, "2024:01:02 03:04:05"),
            TestImages.ycckJpeg(64, 64, new int[] {0, 0, 255, 0}, new int[] {0, 255, 0, 0}));
        List<int[]> expected = new ArrayList<>();
        for (byte[] input : inputs) {
            expected.add(pixels(ImageDecoder.decode(input, 96, 64, LIMITS)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] input = inputs.get(i % inputs.size());
                results.add(pool.submit(() -> pixels(ImageDecoder.decode(input, 96, 64, LIMITS))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % inputs.size()), results.get(i).get(), "decode " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ImageRejectedException decodeRejection(byte[] bytes) {
        return assertThrows(ImageRejectedException.class, () -> ImageDecoder.decode(bytes, 224, 224, LIMITS));
    }

    private static void assertColourAtCorner(Color expected, BufferedImage image, String corner) {
        int inset = 4;
        int x = corner.charAt(1) == 'L' ? inset : image.getWidth() - 1 - inset;
        int y = corner.charAt(0) == 'T' ? inset : image.getHeight() - 1 - inset;
        assertColour(expected, image, x, y, JPEG_TOLERANCE);
    }

    private static void fillSamples(WritableRaster raster, int... bandValues) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setPixel(x, y, bandValues);
            }
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

}
