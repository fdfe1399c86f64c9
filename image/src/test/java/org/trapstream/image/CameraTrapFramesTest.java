package org.trapstream.image;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.trapstream.image.Colours.assertSize;

/** Real camera-trap JPEGs from /work/shared/datasets; skipped where the datasets are not present. */
class CameraTrapFramesTest {

    private static final ImageLimits LIMITS = ImageLimits.defaults();

    @Test
    void decodesAFullSizeSerengetiFrameToModelInput() throws IOException {
        List<Path> frames = jpegsIn(SharedDatasets.SERENGETI);
        byte[] bytes = Files.readAllBytes(frames.get(0));

        ImageInfo info = ImageProbe.probe(bytes, LIMITS);
        BufferedImage image = ImageDecoder.decode(bytes, 224, 224, LIMITS);

        assertEquals(ImageFormat.JPEG, info.format());
        assertEquals(2048, info.width());
        assertEquals(1536, info.height());
        assertNotNull(info.exifCapturedAt(), "Serengeti frames carry DateTimeOriginal");
        assertSize(224, 224, image);
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    }

    /**
     * The camera's own 160x120 preview must show what the frame shows: against an area average of the whole frame
     * at full resolution. (The frame decoded at 1/8 scale comes closer still, at several times the cost of the
     * thumbnail: using the thumbnail is a throughput choice.)
     */
    @Test
    void serengetiThumbnailsShowWhatTheirFramesShow() throws IOException {
        for (Path frame : jpegsIn(SharedDatasets.SERENGETI)) {
            byte[] bytes = Files.readAllBytes(frame);
            Exif.Thumbnail thumbnail = JpegHeader.scan(bytes).exif().thumbnail();
            assertNotNull(thumbnail, frame + " carries an EXIF thumbnail");
            JpegHeader header = JpegHeader.scan(bytes, thumbnail.offset(), thumbnail.length());
            assertTrue(ImageDecoder.thumbnailFits(header.width(), header.height(), 2048, 1536, 64, 64),
                frame + ": thumbnail " + header.width() + "x" + header.height());
            BufferedImage reference = areaAverage(ImageIO.read(frame.toFile()), 64, 64);

            ImageDecoder.Decoded decoded = ImageDecoder.read(bytes, 64, 64, LIMITS);

            // Measured: 6.0-7.9.
            double error = Colours.meanAbsoluteDifference(reference, decoded.image());
            assertEquals(ImageDecoder.Source.EXIF_THUMBNAIL, decoded.source());
            assertTrue(error < 10, frame + ": mean absolute difference per channel " + error);
        }
    }

    /**
     * Imported networks run at their own input size, where the thumbnail no longer serves. {@link Decoding#FAST}
     * decodes the frame at the smallest DCT scale that leaves twice the input (1/2 for 224, a full decode for 480)
     * and reduces it with Pillow's bilinear filter: it must stay close to {@link Decoding#EXACT}, the pixels a
     * PyTorch pipeline gives the network (the same at 480, where the scale is 1). One frame of each of the four
     * sequences.
     */
    @ParameterizedTest(name = "{0} px: mean error under {1}")
    @CsvSource({"224, 1", "480, 0.001"})
    void serengetiFramesDecodeFastCloseToExactly(int side, double bound) throws IOException {
        List<Path> frames = jpegsIn(SharedDatasets.SERENGETI);
        for (int i = 0; i < frames.size(); i += 3) {
            byte[] bytes = Files.readAllBytes(frames.get(i));
            BufferedImage exact = ImageDecoder.read(bytes, side, side, LIMITS, Decoding.EXACT).image();

            ImageDecoder.Decoded fast = ImageDecoder.read(bytes, side, side, LIMITS, Decoding.FAST);

            double error = Colours.meanAbsoluteDifference(exact, fast.image());
            assertEquals(ImageDecoder.Source.FRAME, fast.source());
            assertTrue(error < bound, frames.get(i) + " at " + side + " px: mean absolute difference per channel "
                + error);
        }
    }

    /**
     * The classifier reads the first 64 KiB of a stored frame first. These cameras write 256 KiB of maker data
     * between the EXIF segment and the frame header, which the head path does not need.
     */
    @Test
    void serengetiThumbnailsDecodeFromTheFirst64KiBAsFromTheWholeFrame() throws IOException {
        for (Path frame : jpegsIn(SharedDatasets.SERENGETI)) {
            byte[] bytes = Files.readAllBytes(frame);
            ImageHead head = new ImageHead(Arrays.copyOf(bytes, 64 * 1024), bytes.length, true);

            ImageDecoder.Decoded fromHead = ImageDecoder.readThumbnail(head, 2048, 1536, 64, 64, LIMITS)
                .orElseThrow(() -> new AssertionError(frame + ": no thumbnail in the first 64 KiB"));
            BufferedImage whole = ImageDecoder.decode(bytes, 64, 64, LIMITS);

            assertArrayEquals(rgb(whole), rgb(fromHead.image()), frame.toString());
        }
    }

    private static int[] rgb(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static BufferedImage areaAverage(BufferedImage image, int width, int height) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.drawImage(image.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return scaled;
    }

    @ParameterizedTest
    @ValueSource(strings = {SharedDatasets.SERENGETI, SharedDatasets.BORNEO})
    void readsTheCaptureTimeOfEveryRealFrame(String dataset) throws IOException {
        for (Path frame : jpegsIn(dataset)) {
            Instant capturedAt = ImageProbe.probe(Files.readAllBytes(frame), LIMITS).exifCapturedAt();

            assertNotNull(capturedAt, frame.toString());
            assertTrue(capturedAt.isAfter(Instant.parse("2005-01-01T00:00:00Z")), frame + ": " + capturedAt);
        }
    }

    private static List<Path> jpegsIn(String dataset) throws IOException {
        try (Stream<Path> files = Files.walk(SharedDatasets.require(dataset))) {
            List<Path> jpegs = files
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
                .sorted().toList();
            assumeTrue(!jpegs.isEmpty(), "dataset " + dataset + " has no JPEGs");
            return jpegs;
        }
    }
}
