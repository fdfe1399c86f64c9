package org.trapstream.common.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Reading and asserting pixel colours of decoded images. */
final class Colours {

    /** Red, green, blue of a pixel. */
    static int[] rgb(BufferedImage image, int x, int y) {
        int pixel = image.getRGB(x, y);
        return new int[] {pixel >> 16 & 0xFF, pixel >> 8 & 0xFF, pixel & 0xFF};
    }

    /** Each channel of the pixel within {@code tolerance} of the expected colour. */
    static void assertColour(Color expected, BufferedImage image, int x, int y, int tolerance) {
        int[] actual = rgb(image, x, y);
        int[] wanted = {expected.getRed(), expected.getGreen(), expected.getBlue()};
        for (int i = 0; i < 3; i++) {
            if (Math.abs(actual[i] - wanted[i]) > tolerance) {
                fail("pixel (" + x + "," + y + ") is rgb(" + actual[0] + "," + actual[1] + "," + actual[2]
                    + "), expected about rgb(" + wanted[0] + "," + wanted[1] + "," + wanted[2] + ") +-" + tolerance);
            }
        }
    }

    private Colours() {
    }
}
