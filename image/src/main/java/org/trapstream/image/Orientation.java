package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * EXIF orientation (1-8) applied to pixels, so the model sees the scene upright whatever way the camera
 * was held. Values 5-8 swap width and height.
 */
final class Orientation {

    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The upright image: a new TYPE_INT_RGB image, or {@code rgb} itself for orientation 1. */
    static BufferedImage apply(BufferedImage rgb, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return rgb;
        }
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        boolean swap = swapsAxes(orientation);
        int outWidth = swap ? h : w;
        int outHeight = swap ? w : h;
        BufferedImage out = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
        int[] src = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                dst[y * outWidth + x] = src[sourceIndex(orientation, x, y, w, h)];
            }
        }
        return out;
    }

    /** Index in the stored w x h image of the pixel that shows at (x, y) once upright. */
    private static int sourceIndex(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> y * w + (w - 1 - x);                 // mirrored left-right
            case 3 -> (h - 1 - y) * w + (w - 1 - x);       // rotated 180
            case 4 -> (h - 1 - y) * w + x;                 // mirrored top-bottom
            case 5 -> x * w + y;                           // transposed
            case 6 -> (h - 1 - x) * w + y;                 // needs 90 degrees clockwise
            case 7 -> (h - 1 - x) * w + (w - 1 - y);       // transversed
            case 8 -> x * w + (w - 1 - y);                 // needs 90 degrees counter-clockwise
            default -> y * w + x;
        };
    }

    private Orientation() {
    }
}
