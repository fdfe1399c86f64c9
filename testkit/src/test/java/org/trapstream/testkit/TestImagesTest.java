package org.trapstream.testkit;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The generated images are what their names promise, as the JDK's own readers see them. */
class TestImagesTest {

    @Test
    void noiseIsTheSameForASeedAndDiffersBetweenSeeds() {
        byte[] first = TestImages.encode(TestImages.noise(7, 32, 24), "png");

        assertArrayEquals(first, TestImages.encode(TestImages.noise(7, 32, 24), "png"));
        assertFalse(Arrays.equals(first, TestImages.encode(TestImages.noise(8, 32, 24), "png")));
    }

    @Test
    void quadrantsPutEachColourInItsCorner() {
        BufferedImage image = TestImages.quadrants(8, 6, Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW);

        assertEquals(Color.RED.getRGB(), image.getRGB(0, 0));
        assertEquals(Color.GREEN.getRGB(), image.getRGB(7, 0));
        assertEquals(Color.BLUE.getRGB(), image.getRGB(0, 5));
        assertEquals(Color.YELLOW.getRGB(), image.getRGB(7, 5));
    }

    @Test
    void anExifBlockFollowsSoiAndTheJpegStillReads() throws IOException {
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(TestImages.scene(40, 20)), 6, "2024:05:01 06:30:15");

        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1}, Arrays.copyOf(jpeg, 4));
        assertEquals("Exif", new String(jpeg, 6, 4, StandardCharsets.US_ASCII));
        assertEquals(40, ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth());
        assertThrows(IllegalArgumentException.class, () -> TestImages.withSegment(TestImages.webp(), new byte[4]));
    }

    @Test
    void aPngClaimsTheSizeItIsAskedFor() throws IOException {
        ImageReader reader = reader(TestImages.pngClaiming(50_000, 40_000));

        assertEquals(50_000, reader.getWidth(0));
        assertEquals(40_000, reader.getHeight(0));
    }

    @Test
    void cmykJpegsHaveFourComponents() throws IOException {
        int[] red = {0, 255, 255, 0};
        assertEquals(4, reader(TestImages.cmykJpeg(16, 8, red, red)).readRaster(0, null).getNumBands());
        assertEquals(4, reader(TestImages.cmykJpeg(3L, 16, 8)).readRaster(0, null).getNumBands());
    }

    @Test
    void webpAndTruncatedBytesAreNotWholeImages() throws IOException {
        byte[] jpeg = TestImages.encode(TestImages.noise(1, 16, 16), "jpeg");

        assertNull(ImageIO.read(new ByteArrayInputStream(TestImages.webp())), "the JDK has no WebP reader");
        assertEquals(jpeg.length / 2, TestImages.truncated(jpeg).length);
    }

    private static ImageReader reader(byte[] bytes) {
        ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        ImageReader reader = readers.next();
        reader.setInput(input);
        return reader;
    }
}
