package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Reduces a TYPE_INT_RGB image to an exact size by area averaging: each target pixel is the mean of the source
 * area it covers, a partly covered source pixel weighted by the part. Every source pixel counts exactly once,
 * whatever the factor, which halving steps of bilinear interpolation only approach. Separable, rows then
 * columns, in floating point, rounded once at the end. As a target pixel is at least as large as a source pixel,
 * each source pixel feeds one target pixel or two neighbours: one pass over the source, two target rows kept.
 */
final class AreaAverage {

    /** @throws IllegalArgumentException when the target is larger than the image in either axis */
    static BufferedImage resize(BufferedImage rgb, int width, int height) {
        int sourceWidth = rgb.getWidth();
        int sourceHeight = rgb.getHeight();
        if (width > sourceWidth || height > sourceHeight) {
            throw new IllegalArgumentException("Area averaging only reduces: " + sourceWidth + "x" + sourceHeight
                + " to " + width + "x" + height);
        }
        int[] source = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        Shares columns = Shares.of(sourceWidth, width);
        Shares rows = Shares.of(sourceHeight, height);
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
        float[] reduced = new float[3 * width];
        float[] current = new float[3 * width];
        float[] next = new float[3 * width];
        int y = 0;
        for (int sourceRow = 0; sourceRow < sourceHeight; sourceRow++) {
            if (rows.first[sourceRow] > y) { // target row y has had all its source rows
                store(current, pixels, y * width, width);
                float[] done = current;
                current = next;
                next = done;
                Arrays.fill(next, 0);
                y++;
            }
            reduceRow(source, sourceRow * sourceWidth, sourceWidth, columns, reduced);
            add(reduced, rows.share[sourceRow], current);
            add(reduced, rows.rest[sourceRow], next);
        }
        store(current, pixels, y * width, width);
        return target;
    }

    /**
     * One source row reduced to the target width, as interleaved r, g, b sums. Summed in registers, target pixel
     * by target pixel: the part of a source pixel that falls into the next one is carried over.
     */
    private static void reduceRow(int[] source, int offset, int sourceWidth, Shares columns, float[] row) {
        float carryR = 0;
        float carryG = 0;
        float carryB = 0;
        int x = 0;
        int width = row.length / 3;
        for (int t = 0; t < width; t++) {
            float r = carryR;
            float g = carryG;
            float b = carryB;
            for (; x < sourceWidth && columns.first[x] == t; x++) {
                int pixel = source[offset + x];
                float red = pixel >> 16 & 0xFF;
                float green = pixel >> 8 & 0xFF;
                float blue = pixel & 0xFF;
                float share = columns.share[x];
                float rest = columns.rest[x]; // non-zero only for the last source pixel of the span
                r += share * red;
                g += share * green;
                b += share * blue;
                carryR = rest * red;
                carryG = rest * green;
                carryB = rest * blue;
            }
            row[3 * t] = r;
            row[3 * t + 1] = g;
            row[3 * t + 2] = b;
        }
    }

    private static void add(float[] row, float weight, float[] sum) {
        if (weight == 0) {
            return;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += weight * row[i];
        }
    }

    private static void store(float[] sum, int[] pixels, int offset, int width) {
        for (int x = 0; x < width; x++) {
            pixels[offset + x] = level(sum[3 * x]) << 16 | level(sum[3 * x + 1]) << 8 | level(sum[3 * x + 2]);
        }
    }

    private static int level(float value) {
        return Math.min(255, Math.max(0, Math.round(value)));
    }

    /**
     * Along one axis, for each source pixel: the target pixel it starts in, its weight there, and the rest of its
     * weight, which goes to the next target pixel. A target pixel's weights add up to 1. Measured in units of
     * 1/(source x target) of the axis, a source pixel is {@code target} units long and a target pixel
     * {@code source} units, so every overlap is a whole number of units.
     */
    private record Shares(int[] first, float[] share, float[] rest) {
        static Shares of(int source, int target) {
            int[] first = new int[source];
            float[] share = new float[source];
            float[] rest = new float[source];
            for (int s = 0; s < source; s++) {
                long start = (long) s * target;
                int t = (int) (start / source);
                long inFirst = Math.min(start + target, (long) (t + 1) * source) - start;
                first[s] = t;
                share[s] = (float) inFirst / source;
                rest[s] = (float) (target - inFirst) / source;
            }
            return new Shares(first, share, rest);
        }
    }

    private AreaAverage() {
    }
}
