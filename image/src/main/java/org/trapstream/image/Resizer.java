package org.trapstream.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Resizes TYPE_INT_RGB images to an exact size with bilinear steps that at most halve each side. A single
 * bilinear step reads only the 2x2 source pixels nearest each target pixel, so a large reduction would skip
 * most of the image and alias; at a factor of two the same step averages every source pixel.
 */
final class Resizer {

    static BufferedImage resize(BufferedImage rgb, int width, int height) {
        BufferedImage current = rgb;
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        while (w != width || h != height) {
            w = w > width ? Math.max(w / 2, width) : width;
            h = h > height ? Math.max(h / 2, height) : height;
            current = draw(current, w, h);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private Resizer() {
    }
}
