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
import static org.trapstream.model.data.ResizedCropTest.pixels;

class ColourJitterTest {

    private final BufferedImage scene = TestImages.scene(48, 32);

    @Test
    void sameSeedSameColoursAndTheOriginalIsLeftAlone() {
        ColourJitter jitter = new ColourJitter(0.4, 0.4, 0.4, 0.1);
        int[] before = pixels(scene);

        BufferedImage once = jitter.apply(scene, new Random(4));

        assertArrayEquals(pixels(once), pixels(jitter.apply(scene, new Random(4))));
        assertFalse(Arrays.equals(pixels(once), pixels(jitter.apply(scene, new Random(5)))));
        assertEquals(48, once.getWidth());
        assertEquals(32, once.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, once.getType());
        assertArrayEquals(before, pixels(scene));
    }

    @Test
    void noJitterChangesNothing() {
        ColourJitter none = new ColourJitter(0, 0, 0, 0);

        assertFalse(none.changesImages());
        assertArrayEquals(pixels(scene), pixels(none.apply(scene, new Random(1))));
    }

    @Test
    void aHueTurnKeepsAGreyGreyAndRecoloursARed() {
        ColourJitter hueOnly = new ColourJitter(0, 0, 0, 0.5);
        BufferedImage grey = TestImages.halves(8, 8, Color.GRAY, Color.GRAY);
        BufferedImage red = TestImages.halves(8, 8, new Color(200, 40, 40), new Color(200, 40, 40));
        Random random = new Random(2);

        assertArrayEquals(pixels(grey), pixels(hueOnly.apply(grey, random)));
        int turned = hueOnly.apply(red, random).getRGB(3, 3) & 0xFFFFFF;
        assertTrue(turned != 0xC82828, "the red was kept: " + Integer.toHexString(turned));
    }

    @Test
    void saturationAloneNeverChangesTheGreyLevel() {
        ColourJitter saturationOnly = new ColourJitter(0, 0, 1, 0);
        // Muted enough that even twice its saturation stays inside [0, 255].
        BufferedImage brown = TestImages.halves(8, 8, new Color(120, 90, 80), new Color(120, 90, 80));
        Random random = new Random(6);
        boolean changed = false;
        for (int i = 0; i < 5; i++) {
            int out = saturationOnly.apply(brown, random).getRGB(1, 1);
            changed |= (out & 0xFFFFFF) != 0x785A50;
            double grey = ColourJitter.grey((out >> 16) & 0xFF, (out >> 8) & 0xFF, out & 0xFF);
            assertEquals(ColourJitter.grey(120, 90, 80), grey, 1.0);
        }
        assertTrue(changed, "saturation never changed the colour");
    }

    @Test
    void refusesFactorsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new ColourJitter(-0.1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ColourJitter(0, 1.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ColourJitter(0, 0, 0, 0.6));
    }
}
