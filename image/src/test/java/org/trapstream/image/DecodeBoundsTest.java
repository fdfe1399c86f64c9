package org.trapstream.image;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every size a header declares is held to the limits before a decoder allocates for it: the frame's, an EXIF
 * thumbnail's, a PNG's, a GIF's, a BMP's, with a smaller budget for JPEGs in several scans. Each decode here is
 * measured on its own thread: the bytes it allocates on the heap ({@code ThreadMXBean#getThreadAllocatedBytes}) and
 * its wall time. libjpeg's native buffers are not on the heap; what bounds them is that no decode starts on a size
 * over the budget, which every decoded case asserts.
 */
class DecodeBoundsTest {

    private static final ImageLimits LIMITS = ImageLimits.defaults();
    /**
     * Smaller than the defaults so that 300 decodes stay quick: a claim within the limits costs what its pixels
     * cost (an image 65535 wide and 61 high cannot be subsampled), and that is what the limits are for.
     */
    private static final ImageLimits FUZZ_LIMITS = new ImageLimits(LIMITS.maxBytes(), 4_000_000, LIMITS.minSide());
    private static final int TARGET = 224;
    /**
     * Bytes a decode may allocate on the heap: 24 for each pixel the fuzz limits allow and 16 MiB for the readers'
     * and resizers' own buffers. A frame too narrow to subsample takes a reader's 3-byte raster and its 4-byte RGB
     * copy; the JDK's reader also hands every scan of a progressive JPEG (half the budget) to the heap, a row at a
     * time, about ten of 3 bytes a pixel. A buffer for any claim over the limits would pass the bound.
     */
    private static final long HEAP_BOUND = 24 * FUZZ_LIMITS.maxPixels() + (16L << 20);
    /**
     * Generous for a loaded machine. Unchecked, a progressive thumbnail claiming 20000x15000 took 20 s and 0.9 GB of
     * native memory, one claiming 53333x40000 185 s and 6 GB.
     */
    private static final long TIME_BOUND_MILLIS = 5_000;
    private static final Set<RejectReason> DECODE_REASONS =
        EnumSet.of(RejectReason.CORRUPT, RejectReason.TOO_MANY_PIXELS, RejectReason.TOO_SMALL);
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static byte[] frame;
    private static byte[] progressiveFrame;
    private static byte[] thumbnail;
    private static byte[] progressiveThumbnail;

    @BeforeAll
    static void encodeImagesAndWarmUp() {
        Random random = new Random(7);
        frame = TestImages.jpeg(TestImages.noise(random, 640, 480));
        progressiveFrame = TestImages.progressiveJpeg(TestImages.noise(random, 640, 480));
        // Large enough to stand in for the frame at the target, smooth enough to fit an APP1 segment.
        thumbnail = TestImages.jpeg(TestImages.scene(480, 360));
        progressiveThumbnail = TestImages.progressiveJpeg(TestImages.scene(480, 360));
        // Class loading and native libraries are not what is measured.
        ImageDecoder.read(TestImages.withExifThumbnail(frame, thumbnail), TARGET, TARGET, LIMITS);
        for (String format : List.of("png", "gif", "bmp")) {
            ImageDecoder.read(TestImages.encode(TestImages.noise(random, 64, 48), format), TARGET, TARGET, LIMITS);
        }
    }

    /** The files found in the field: a JPEG whose EXIF thumbnail (progressive, as found, or not) claims gigapixels. */
    @ParameterizedTest(name = "thumbnail claiming {0}x{1}")
    @CsvSource({"20000, 15000", "53333, 40000"})
    void aThumbnailClaimingMoreThanItsFrameIsSkippedForTheFrame(int width, int height) {
        for (byte[] claimed : List.of(progressiveThumbnail, thumbnail)) {
            byte[] jpeg = TestImages.withExifThumbnail(frame, TestImages.withFrameSize(claimed, width, height));

            Outcome outcome = measure(() -> ImageDecoder.read(jpeg, TARGET, TARGET, LIMITS));

            assertEquals(ImageDecoder.Source.FRAME, outcome.decoded().source());
            outcome.assertWithinBounds("thumbnail claiming " + width + "x" + height);
        }
    }

    @Test
    void aFrameClaimingFiftyThousandSquaredIsRejectedWithTheClaim() {
        byte[] jpeg = TestImages.withFrameSize(frame, 50_000, 50_000);

        Outcome outcome = measure(() -> ImageDecoder.read(jpeg, TARGET, TARGET, LIMITS));

        assertEquals(RejectReason.TOO_MANY_PIXELS, outcome.rejection().reason());
        assertTrue(outcome.rejection().detail().contains("50000x50000 = 2500000000 pixels"),
            outcome.rejection().detail());
        outcome.assertWithinBounds("frame claiming 50000x50000");
    }

    @Test
    void aProgressiveFrameGetsItsShareOfThePixelBudget() {
        ImageLimits limits = new ImageLimits(LIMITS.maxBytes(), 640 * 480, 16, 0.5);
        byte[] withinShare = TestImages.withFrameSize(progressiveFrame, 480, 320);

        ImageRejectedException e = measure(() -> ImageProbe.probe(progressiveFrame, limits)).rejection();

        assertEquals(RejectReason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.detail().contains("progressive") && e.detail().contains("640x480"), e.detail());
        assertEquals(640, ImageProbe.probe(frame, limits).width(), "a baseline frame of the same size passes");
        assertEquals(480, ImageProbe.probe(withinShare, limits).width());
    }

    @Test
    void aSequentialJpegWithAComponentPerScanCountsAsMultiScan() {
        byte[] separateScans = frame.clone();
        int scanHeader = indexOfStartOfScan(separateScans);
        separateScans[scanHeader + 4] = 1; // the first scan holds one of the three components

        assertFalse(JpegHeader.scan(frame).multiScan());
        assertTrue(JpegHeader.scan(progressiveFrame).multiScan());
        assertTrue(JpegHeader.scan(separateScans).multiScan());
    }

    @Test
    void aProgressiveThumbnailOverItsShareIsSkippedForTheFrame() {
        ImageLimits limits = new ImageLimits(LIMITS.maxBytes(), 640 * 480, 16, 0.25);
        byte[] jpeg = TestImages.withExifThumbnail(frame, progressiveThumbnail);

        assertEquals(ImageDecoder.Source.EXIF_THUMBNAIL, ImageDecoder.read(jpeg, 64, 64, LIMITS).source());
        assertEquals(ImageDecoder.Source.FRAME, ImageDecoder.read(jpeg, 64, 64, limits).source());
    }

    /**
     * Random dimension fields (log-uniform, so every order of magnitude is drawn) in frame and thumbnail SOF headers,
     * baseline or progressive, in PNG IHDR, GIF and BMP headers (a BMP's claimed data size too). A failure names the
     * seed and the case, which reproduce it. Every kind of ending must occur, or the fuzz proves nothing.
     */
    @Test
    void fuzzedHeadersNeverDecodePastTheirBudget() {
        long seed = 20_261_202L;
        Random random = new Random(seed);
        List<String> slowest = new ArrayList<>();
        Map<String, Integer> endings = new TreeMap<>();
        long maxHeap = 0;
        long maxMillis = 0;
        for (int i = 0; i < 300; i++) {
            FuzzCase fuzz = FuzzCase.draw(random);
            String name = "seed " + seed + " case " + i + ": " + fuzz;
            Outcome outcome;
            try {
                outcome = measure(() -> ImageDecoder.read(fuzz.bytes(), TARGET, TARGET, FUZZ_LIMITS));
            } catch (Throwable e) {
                throw new AssertionError(name + " ended in " + e, e);
            }
            outcome.assertWithinBounds(name);
            if (outcome.rejection() != null) {
                assertTrue(DECODE_REASONS.contains(outcome.rejection().reason()), name + ": " + outcome.rejection());
                endings.merge(outcome.rejection().reason().code(), 1, Integer::sum);
            } else {
                assertTrue(fuzz.decodedWithin(outcome.decoded().source()), name + " decoded a claim over the budget");
                endings.merge("decoded from " + outcome.decoded().source().code(), 1, Integer::sum);
            }
            maxHeap = Math.max(maxHeap, outcome.allocatedBytes());
            if (outcome.millis() > maxMillis) {
                maxMillis = outcome.millis();
                slowest.add(name + " " + outcome.millis() + " ms");
            }
        }
        System.out.printf("300 fuzzed headers: %s; at most %,d bytes allocated and %d ms per decode (slowest: %s)%n",
            endings, maxHeap, maxMillis, slowest.get(slowest.size() - 1));
        assertEquals(Set.of("decoded from frame", "decoded from exif_thumbnail", "corrupt", "too_many_pixels",
            "too_small"), endings.keySet());
    }

    /** A generated file and the claims in its headers. */
    private record FuzzCase(String kind, byte[] bytes, int width, int height, boolean progressive,
                            int thumbnailWidth, int thumbnailHeight, boolean thumbnailProgressive) {

        static FuzzCase draw(Random random) {
            int width = dimension(random);
            int height = dimension(random);
            boolean progressive = random.nextBoolean();
            return switch (random.nextInt(5)) {
                case 0 -> new FuzzCase("jpeg frame", TestImages.withFrameSize(progressive ? progressiveFrame : frame,
                    width, height), width, height, progressive, 0, 0, false);
                case 1 -> {
                    // A third keep their true size, half the others the frame's aspect: both get to the decoder.
                    boolean trueSize = random.nextInt(3) == 0;
                    int thumbnailWidth = trueSize ? 480 : width;
                    int thumbnailHeight = trueSize ? 360 : random.nextBoolean() ? width * 3 / 4 : height;
                    byte[] claimed = TestImages.withFrameSize(progressive ? progressiveThumbnail : thumbnail,
                        thumbnailWidth, thumbnailHeight);
                    boolean progressiveFrameToo = random.nextBoolean();
                    int frameWidth = random.nextBoolean() ? 640 : dimension(random);
                    int frameHeight = frameWidth * 3 / 4;
                    byte[] outer = TestImages.withFrameSize(progressiveFrameToo ? progressiveFrame : frame, frameWidth,
                        frameHeight);
                    yield new FuzzCase("jpeg thumbnail", TestImages.withExifThumbnail(outer, claimed), frameWidth,
                        frameHeight, progressiveFrameToo, thumbnailWidth, thumbnailHeight, progressive);
                }
                case 2 -> {
                    int pngWidth = wideDimension(random);
                    int pngHeight = wideDimension(random);
                    yield new FuzzCase("png", TestImages.pngClaiming(pngWidth, pngHeight), pngWidth, pngHeight, false,
                        0, 0, false);
                }
                case 3 -> {
                    // A negative height is a top-down bitmap.
                    int bmpWidth = wideDimension(random);
                    int bmpHeight = random.nextBoolean() ? wideDimension(random) : -wideDimension(random);
                    yield new FuzzCase("bmp", TestImages.bmpRleClaiming(bmpWidth, bmpHeight, wideDimension(random)),
                        bmpWidth, Math.abs(bmpHeight), false, 0, 0, false);
                }
                default -> new FuzzCase("gif", TestImages.gifClaiming(width, height), width, height, false, 0, 0,
                    false);
            };
        }

        /** 0 now and then, else log-uniform from 1 to 65535: a 16-bit header field of any magnitude. */
        private static int dimension(Random random) {
            return random.nextInt(50) == 0 ? 0 : (int) Math.exp(random.nextDouble() * Math.log(65_535));
        }

        /** As {@link #dimension}, up to the largest a 32-bit signed header field holds. */
        private static int wideDimension(Random random) {
            return random.nextInt(50) == 0 ? 0 : (int) Math.exp(random.nextDouble() * Math.log(Integer.MAX_VALUE));
        }

        /** Whether the source decoded held a claim within the budget (a thumbnail also within its frame). */
        boolean decodedWithin(ImageDecoder.Source source) {
            boolean frameWithin = (long) width * height <= FUZZ_LIMITS.maxPixels(progressive);
            if (source == ImageDecoder.Source.FRAME) {
                return frameWithin;
            }
            return frameWithin && thumbnailWidth <= width && thumbnailHeight <= height
                && (long) thumbnailWidth * thumbnailHeight <= FUZZ_LIMITS.maxPixels(thumbnailProgressive);
        }

        @Override
        public String toString() {
            return kind + " " + width + "x" + height + (progressive ? " progressive" : "")
                + (kind.endsWith("thumbnail") ? ", thumbnail " + thumbnailWidth + "x" + thumbnailHeight
                    + (thumbnailProgressive ? " progressive" : "") : "");
        }
    }

    /** How one decode ended, and what it cost on this thread. */
    private record Outcome(ImageDecoder.Decoded decoded, ImageRejectedException rejection, long allocatedBytes,
                           long millis) {

        void assertWithinBounds(String name) {
            assertTrue(allocatedBytes <= HEAP_BOUND, name + " allocated " + allocatedBytes + " bytes");
            assertTrue(millis <= TIME_BOUND_MILLIS, name + " took " + millis + " ms");
            if (decoded != null) {
                assertEquals(TARGET, decoded.image().getWidth(), name);
                assertEquals(TARGET, decoded.image().getHeight(), name);
            }
        }
    }

    private static int indexOfStartOfScan(byte[] jpeg) {
        int pos = 2;
        while ((jpeg[pos + 1] & 0xFF) != 0xDA) {
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        return pos;
    }

    /** Runs a decode (or probe) on this thread; any exception but a rejection propagates. */
    private static Outcome measure(Supplier<?> decode) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        Object result = null;
        ImageRejectedException rejection = null;
        try {
            result = decode.get();
        } catch (ImageRejectedException e) {
            rejection = e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        return new Outcome(result instanceof ImageDecoder.Decoded d ? d : null, rejection, allocated, millis);
    }
}
