package org.trapstream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Reading and asserting the size and pixel colours of decoded images. */
final class Colours {

    /** Red, green, blue of a pixel. */
    static int[] rgb(BufferedImage image, int x, int y) {
        int pixel = image.getRGB(x, y);
        return new int[] {pixel >> 16 & 0xFF, pixel >> 8 & 0xFF, pixel & 0xFF};
    }

    static void assertSize(int width, int height, BufferedImage image) {
        assertEquals(width + " x " + height, image.getWidth() + " x " + image.getHeight(), "width x height");
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

    /** The mean over all pixels and channels of |a - b|, for images of the same size. */
    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long total = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int[] p = rgb(a, x, y);
                int[] q = rgb(b, x, y);
                for (int c = 0; c < 3; c++) {
                    total += Math.abs(p[c] - q[c]);
                }
            }
        }
        return total / (3.0 * a.getWidth() * a.getHeight());
    }

    private Colours() {
    }
}
