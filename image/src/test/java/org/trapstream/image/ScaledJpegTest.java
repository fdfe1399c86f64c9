package org.trapstream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.image.Colours.assertColour;
import static org.trapstream.image.Colours.assertSize;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.trapstream.testkit.TestImages;

class ScaledJpegTest {

    @Test
    void picksTheSmallestDctScaleThatStillCoversTheTarget() {
        assertEquals(2, ScaledJpeg.reduction(2048, 1536, 224, 224));   // 1/4 would leave 384 rows, under 2 x 224
        assertEquals(1, ScaledJpeg.reduction(2048, 1536, 480, 480));
        assertEquals(8, ScaledJpeg.reduction(5472, 3648, 224, 224));
        assertEquals(2, ScaledJpeg.reduction(5472, 3648, 480, 480));
        assertEquals(8, ScaledJpeg.reduction(2048, 1536, 64, 64));
        assertEquals(0, ScaledJpeg.reduction(400, 300, 224, 224));
        assertEquals(0, ScaledJpeg.reduction(100, 75, 224, 224));
    }

    @Test
    void decodesAtAQuarterOfTheSizeRoundedUp() {
        byte[] jpeg = TestImages.jpeg(TestImages.halves(801, 600, Color.RED, Color.BLUE));

        BufferedImage image = ScaledJpeg.read(jpeg, 4).orElseThrow();

        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertSize(201, 150, image);
        assertColour(Color.RED, image, 20, 75, 12);
        assertColour(Color.BLUE, image, 180, 75, 12);
    }

    @Test
    void widensGreyscaleJpegs() {
        BufferedImage grey = TestImages.grey(TestImages.halves(160, 80, Color.BLACK, Color.WHITE));

        BufferedImage image = ScaledJpeg.read(TestImages.jpeg(grey), 2).orElseThrow();

        assertColour(Color.BLACK, image, 10, 20, 8);
        assertColour(Color.WHITE, image, 70, 20, 8);
    }

    /** Data lost inside the scan, the end marker intact: libjpeg-turbo warns, and nothing is returned. */
    @Test
    void returnsNothingForDamagedData() {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(3L, 800, 600));
        byte[] cut = TestImages.withoutMiddle(jpeg, 4096);

        assertTrue(ScaledJpeg.read(cut, 4).isEmpty());
        assertTrue(ScaledJpeg.read(TestImages.truncated(jpeg), 4).isEmpty());
        assertTrue(ScaledJpeg.read(Arrays.copyOf(jpeg, 300), 4).isEmpty(), "header only");
    }
}
