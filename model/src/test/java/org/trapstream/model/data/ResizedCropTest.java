package org.trapstream.model.data;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResizedCropTest {

    private final BufferedImage quadrants = TestImages.quadrants(40, 30, Color.RED, Color.GREEN, Color.BLUE,
        Color.WHITE);

    @Test
    void keepsTheSizeAndTypeAndLeavesTheOriginalAlone() {
        int[] before = pixels(quadrants);

        BufferedImage cropped = new ResizedCrop(0.2, 0.5, 0.75, 1.333).apply(quadrants, new Random(1));

        assertEquals(40, cropped.getWidth());
        assertEquals(30, cropped.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, cropped.getType());
        assertFalse(Arrays.equals(before, pixels(cropped)), "a window of at most half the area changes the image");
        assertArrayEquals(before, pixels(quadrants));
    }

    @Test
    void sameSeedSameCropAnotherSeedAnother() {
        ResizedCrop crop = new ResizedCrop(0.1, 0.6, 0.5, 2);

        assertArrayEquals(pixels(crop.apply(quadrants, new Random(7))), pixels(crop.apply(quadrants, new Random(7))));
        assertFalse(Arrays.equals(pixels(crop.apply(quadrants, new Random(7))),
            pixels(crop.apply(quadrants, new Random(8)))));
    }

    @Test
    void aSmallWindowShowsPartOfTheScene() {
        ResizedCrop crop = new ResizedCrop(0.05, 0.1, 1, 1);
        Random random = new Random(3);
        int singleColour = 0;
        for (int i = 0; i < 20; i++) {
            int[] out = pixels(crop.apply(quadrants, random));
            // A window of a tenth of the area, square, fits inside one quadrant more often than not.
            singleColour += Arrays.stream(out).distinct().count() == 1 ? 1 : 0;
        }
        assertTrue(singleColour > 0, "no window fell inside one quadrant");
    }

    @Test
    void refusesEmptyOrInvertedRanges() {
        assertThrows(IllegalArgumentException.class, () -> new ResizedCrop(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ResizedCrop(0.6, 0.5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ResizedCrop(0.5, 1.2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ResizedCrop(0.5, 1, 2, 1));
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
