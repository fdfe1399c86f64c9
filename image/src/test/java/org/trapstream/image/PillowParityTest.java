package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.testkit.Pillow;
import org.trapstream.testkit.SharedDatasets;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Decoding#EXACT} gives the bytes a PyTorch pipeline gives its network, checked against Pillow itself (run
 * by {@link Pillow}; skipped where Debian's Python lacks it): the resampler on generated images of many shapes,
 * and decoding, orientation and resampling together on real camera-trap frames.
 */
class PillowParityTest {

    private static final ImageLimits LIMITS = ImageLimits.defaults();

    /** Reductions by whole and fractional factors, enlargements, and one axis kept while the other changes. */
    private static final int[][] RESIZES = {
        {2048, 1536, 224, 224}, {2048, 1536, 480, 480}, {2048, 1536, 299, 224}, {1024, 768, 1023, 1},
        {640, 480, 640, 100}, {640, 480, 97, 480}, {333, 211, 17, 91}, {100, 75, 224, 224}, {7, 5, 300, 11},
        {1, 1, 3, 2}, {224, 224, 224, 224},
    };

    @TempDir
    Path workDir;

    @Test
    void resizesGeneratedImagesToPillowsBytes() throws IOException {
        Pillow pillow = Pillow.require(workDir);
        Random random = new Random(7);
        List<BufferedImage> images = new ArrayList<>();
        List<Pillow.Job> jobs = new ArrayList<>();
        for (int[] resize : RESIZES) {
            // Noise exercises every weight and the clamping; a smooth scene the rounding of mid-range values.
            for (BufferedImage image : List.of(TestImages.noise(random, resize[0], resize[1]),
                    TestImages.scene(resize[0], resize[1]))) {
                Path png = workDir.resolve("generated-" + images.size() + ".png");
                Files.write(png, TestImages.encode(image, "png"));
                images.add(image);
                jobs.add(new Pillow.Job(png, resize[2], resize[3]));
            }
        }

        List<byte[]> expected = pillow.rgb(jobs);

        for (int i = 0; i < jobs.size(); i++) {
            Pillow.Job job = jobs.get(i);
            BufferedImage resized = PillowBilinear.resize(RgbConversion.toRgb(images.get(i)), job.width(), job.height());
            assertArrayEquals(expected.get(i), bytes(resized), describe(images.get(i), job));
        }
    }

    /**
     * Pillow decodes with the system's libjpeg-turbo (accurate integer IDCT, smooth chroma upsampling); Leptonica's
     * libjpeg-turbo at full scale, and the JDK's reader that stands in for it when it refuses a file, give the same
     * bytes.
     */
    @Test
    void decodesRealFramesToPillowsBytes() throws IOException {
        Pillow pillow = Pillow.require(workDir);
        List<Path> frames = realFrames();

        List<byte[]> expected = pillow.rgb(frames.stream().map(frame -> new Pillow.Job(frame, 0, 0)).toList());

        for (int i = 0; i < frames.size(); i++) {
            Path frame = frames.get(i);
            BufferedImage leptonica = ScaledJpeg.read(Files.readAllBytes(frame), 1).orElseThrow();
            assertArrayEquals(expected.get(i), bytes(leptonica), frame + " through Leptonica");
            assertArrayEquals(expected.get(i), bytes(RgbConversion.toRgb(ImageIO.read(frame.toFile()))),
                frame + " through the JDK's reader");
        }
    }

    @Test
    void exactDecodingOfRealFramesGivesPillowsBytesAtNetworkSizes() throws IOException {
        Pillow pillow = Pillow.require(workDir);
        List<Path> frames = realFrames();
        int[][] sizes = {{224, 224}, {480, 480}, {299, 224}};
        List<Pillow.Job> jobs = new ArrayList<>();
        for (Path frame : frames) {
            for (int[] size : sizes) {
                jobs.add(new Pillow.Job(frame, size[0], size[1]));
            }
        }

        List<byte[]> expected = pillow.rgb(jobs);

        for (int i = 0; i < jobs.size(); i++) {
            Pillow.Job job = jobs.get(i);
            ImageDecoder.Decoded decoded = ImageDecoder.read(Files.readAllBytes(job.image()), job.width(), job.height(),
                LIMITS, Decoding.EXACT);
            assertEquals(ImageDecoder.Source.FRAME, decoded.source());
            assertArrayEquals(expected.get(i), bytes(decoded.image()), job.image() + " to " + job.width() + "x"
                + job.height());
        }
    }

    /** Pillow turns a frame upright before it resizes: so must the exact path, whichever way the camera was held. */
    @Test
    void exactDecodingTurnsFramesUprightAsPillowDoes() throws IOException {
        Pillow pillow = Pillow.require(workDir);
        byte[] stored = TestImages.jpeg(TestImages.noise(11, 301, 203));
        List<Path> files = new ArrayList<>();
        List<Pillow.Job> jobs = new ArrayList<>();
        for (int orientation = 1; orientation <= 8; orientation++) {
            Path file = Files.write(workDir.resolve("oriented-" + orientation + ".jpg"),
                TestImages.withExif(stored, orientation, "2024:05:01 06:30:00"));
            files.add(file);
            jobs.add(new Pillow.Job(file, 64, 48));
        }

        List<byte[]> expected = pillow.rgb(jobs);

        for (int i = 0; i < files.size(); i++) {
            BufferedImage decoded = ImageDecoder.read(Files.readAllBytes(files.get(i)), 64, 48, LIMITS,
                Decoding.EXACT).image();
            assertArrayEquals(expected.get(i), bytes(decoded), "EXIF orientation " + (i + 1));
        }
    }

    /** Raw RGB, three bytes per pixel row by row, as Pillow's {@code tobytes()} writes an RGB image. */
    private static byte[] bytes(BufferedImage rgb) {
        int[] pixels = rgb.getRGB(0, 0, rgb.getWidth(), rgb.getHeight(), null, 0, rgb.getWidth());
        byte[] bytes = new byte[pixels.length * 3];
        for (int i = 0; i < pixels.length; i++) {
            bytes[3 * i] = (byte) (pixels[i] >> 16);
            bytes[3 * i + 1] = (byte) (pixels[i] >> 8);
            bytes[3 * i + 2] = (byte) pixels[i];
        }
        return bytes;
    }

    private static String describe(BufferedImage image, Pillow.Job job) {
        return String.format(Locale.ROOT, "%dx%d to %dx%d", image.getWidth(), image.getHeight(), job.width(),
            job.height());
    }

    /** The Serengeti frames (2048x1536) and the Borneo test thumbnails (100x75, enlarged to network sizes). */
    private static List<Path> realFrames() throws IOException {
        List<Path> frames = new ArrayList<>(jpegsIn(SharedDatasets.SERENGETI));
        frames.addAll(jpegsIn(SharedDatasets.BORNEO).stream().limit(8).toList());
        return frames;
    }

    private static List<Path> jpegsIn(String dataset) throws IOException {
        try (Stream<Path> files = Files.walk(SharedDatasets.require(dataset))) {
            return files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
                .sorted().toList();
        }
    }
}
