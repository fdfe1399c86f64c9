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

class AugmentationTest {

    private final BufferedImage image = TestImages.halves(64, 64, Color.RED, Color.BLUE);

    @Test
    void sameSeedSameImage() {
        assertArrayEquals(pixels(Augmentation.STANDARD.apply(image, new Random(3))),
            pixels(Augmentation.STANDARD.apply(image, new Random(3))));
    }

    @Test
    void changesTheImageButNotItsSizeOrTheOriginal() {
        int[] before = pixels(image);

        BufferedImage changed = Augmentation.STANDARD.apply(image, new Random(5));

        assertEquals(64, changed.getWidth());
        assertEquals(64, changed.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, changed.getType());
        assertFalse(Arrays.equals(before, pixels(changed)));
        assertArrayEquals(before, pixels(image));
    }

    @Test
    void aFlipOnlyAugmentationMirrorsOrKeeps() {
        Augmentation flipOnly = new Augmentation(true, 0, 1, 0, 0);
        Random random = new Random(9);
        boolean sawMirror = false;
        for (int i = 0; i < 10; i++) {
            BufferedImage out = flipOnly.apply(image, random);
            boolean mirrored = (out.getRGB(2, 30) & 0xFFFFFF) == 0x0000FF;
            assertEquals(mirrored ? 0xFF0000 : 0x0000FF, out.getRGB(61, 30) & 0xFFFFFF);
            sawMirror |= mirrored;
        }
        assertTrue(sawMirror);
    }

    @Test
    void greyscaleAtProbabilityOneLeavesEqualChannelsAndAtZeroKeepsColour() {
        Augmentation alwaysGrey = Augmentation.NONE.with(null, null, 1);
        Augmentation neverGrey = Augmentation.NONE.with(null, null, 0);

        int[] grey = pixels(alwaysGrey.apply(image, new Random(1)));

        assertTrue(Arrays.stream(grey).allMatch(p -> ((p >> 16) & 0xFF) == (p & 0xFF) && ((p >> 8) & 0xFF) == (p & 0xFF)));
        assertEquals(76, grey[0] & 0xFF, "pure red's BT.601 grey is 0.299 x 255");
        assertArrayEquals(pixels(image), pixels(neverGrey.apply(image, new Random(1))));
    }

    @Test
    void greyscaleComesAtItsProbability() {
        Augmentation sometimesGrey = Augmentation.NONE.with(null, null, 0.3);
        Random random = new Random(11);
        int grey = 0;
        int draws = 2000;
        for (int i = 0; i < draws; i++) {
            int pixel = sometimesGrey.apply(image, random).getRGB(0, 0);
            grey += ((pixel >> 16) & 0xFF) != 0xFF ? 1 : 0;
        }
        // Binomial(2000, 0.3): standard deviation 20.5; +-80 is about four of them.
        assertEquals(600, grey, 80);
    }

    @Test
    void everyMeasureTogetherIsSeededAndKeepsTheSize() {
        Augmentation all = Augmentation.STANDARD.with(new ResizedCrop(0.3, 1, 0.75, 1.333),
            new ColourJitter(0.3, 0.3, 0.3, 0.05), 0.2);

        BufferedImage out = all.apply(image, new Random(21));

        assertArrayEquals(pixels(out), pixels(all.apply(image, new Random(21))));
        assertEquals(64, out.getWidth());
        assertEquals(64, out.getHeight());
        assertTrue(all.changesImages());
        assertFalse(Augmentation.NONE.changesImages());
        assertEquals(0.2, all.toJson().getDouble("greyscale_probability"));
        assertEquals(0.3, all.toJson().getJsonObject("random_resized_crop").getDouble("min_scale"));
        assertEquals(0.05, all.toJson().getJsonObject("colour_jitter").getDouble("hue"));
    }

    @Test
    void refusesAGreyscaleProbabilityOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> Augmentation.NONE.with(null, null, 1.5));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
