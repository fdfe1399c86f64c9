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

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
