package org.trapstream.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.image.Colours.assertSize;

import java.awt.Color;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;
import org.trapstream.testkit.TestImages;

class ResizerTest {

    @Test
    void averagesFineDetailInsteadOfAliasingIt() {
        BufferedImage stripes = new BufferedImage(900, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 900; x++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0x000000 : 0xFFFFFF);
            }
        }

        BufferedImage small = Resizer.resize(stripes, 224, 100);

        assertSize(224, 100, small);
        for (int x = 0; x < 224; x++) {
            int grey = Colours.rgb(small, x, 50)[0];
            assertTrue(Math.abs(grey - 128) <= 8,
                "column " + x + " is " + grey + ", one-pixel stripes should average to grey");
        }
    }

    @Test
    void growsAndShrinksEachAxisOnItsOwn() {
        BufferedImage wide = TestImages.halves(400, 10, Color.RED, Color.BLUE);

        BufferedImage resized = Resizer.resize(wide, 50, 80);

        assertSize(50, 80, resized);
        Colours.assertColour(Color.RED, resized, 5, 40, 0);
        Colours.assertColour(Color.BLUE, resized, 45, 40, 0);
    }
}
