package org.trapstream.bench;

import java.awt.image.BufferedImage;

/**
 * How far a decoded image is from a reference of the same size, per channel in grey levels (0-255): the mean
 * absolute difference, and the largest.
 */
record PixelError(double meanAbsolute, int largest) {

    static PixelError between(BufferedImage reference, BufferedImage image) {
        int width = reference.getWidth();
        int height = reference.getHeight();
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("Sizes differ: " + width + "x" + height + " and "
                + image.getWidth() + "x" + image.getHeight());
        }
        int[] expected = reference.getRGB(0, 0, width, height, null, 0, width);
        int[] actual = image.getRGB(0, 0, width, height, null, 0, width);
        long sum = 0;
        int largest = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int difference = Math.abs((expected[i] >> shift & 0xFF) - (actual[i] >> shift & 0xFF));
                sum += difference;
                largest = Math.max(largest, difference);
            }
        }
        return new PixelError(sum / (3.0 * expected.length), largest);
    }
}
