package org.trapstream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;
import org.trapstream.testkit.TestImages;

class AreaAverageTest {

    /** The JDK's own area-averaging filter, slow but exact, as the reference: both round the same sums. */
    @Test
    void matchesTheJdksAreaAveragingAtUnevenFactors() {
        BufferedImage noise = TestImages.noise(7L, 517, 389);

        BufferedImage reduced = AreaAverage.resize(noise, 224, 167);

        BufferedImage reference = new BufferedImage(224, 167, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = reference.createGraphics();
        g.drawImage(noise.getScaledInstance(224, 167, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        for (int y = 0; y < 167; y++) {
            for (int x = 0; x < 224; x++) {
                int[] expected = Colours.rgb(reference, x, y);
                int[] actual = Colours.rgb(reduced, x, y);
                for (int c = 0; c < 3; c++) {
                    assertTrue(Math.abs(expected[c] - actual[c]) <= 1,
                        "(" + x + "," + y + ") channel " + c + ": " + actual[c] + ", the JDK " + expected[c]);
                }
            }
        }
    }

    @Test
    void averagesOnePixelStripesToGreyAtAnyFactor() {
        BufferedImage stripes = new BufferedImage(901, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 901; x++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0x000000 : 0xFFFFFF);
            }
        }

        BufferedImage small = AreaAverage.resize(stripes, 224, 300);

        for (int x = 0; x < 224; x++) {
            int grey = Colours.rgb(small, x, 150)[0];
            assertTrue(Math.abs(grey - 128) <= 2, "column " + x + " is " + grey);
        }
    }

    @Test
    void keepsAnImageOfTheTargetSizeAsItIs() {
        BufferedImage scene = TestImages.scene(64, 48);

        BufferedImage same = AreaAverage.resize(scene, 64, 48);

        assertEquals(0, Colours.meanAbsoluteDifference(scene, same));
    }

    @Test
    void onlyReduces() {
        BufferedImage scene = TestImages.scene(64, 48);

        assertThrows(IllegalArgumentException.class, () -> AreaAverage.resize(scene, 65, 48));
    }
}
