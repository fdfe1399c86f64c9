package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Reduces a TYPE_INT_RGB image the way Pillow's bilinear {@code resize} does, which is what torchvision's
 * {@code Resize} runs on the PIL images of a PyTorch pipeline: a triangle filter stretched by the reduction
 * factor (so every source pixel within one target pixel of a sample counts, weighted by distance), rows first,
 * each pass rounded to 8 bits. A network trained on such inputs is shown the same pixels here; a box filter
 * (area average) differs from it by 2-5 levels on camera-trap frames, enough to change a network's answer.
 */
final class TriangleResample {

    private TriangleResample() {
    }

    /** @throws IllegalArgumentException when the target is larger than the image in either axis */
    static BufferedImage resize(BufferedImage rgb, int width, int height) {
        int sourceWidth = rgb.getWidth();
        int sourceHeight = rgb.getHeight();
        if (width > sourceWidth || height > sourceHeight) {
            throw new IllegalArgumentException("Only reduces: " + sourceWidth + "x" + sourceHeight + " to "
                + width + "x" + height);
        }
        int[] source = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] rows = pass(source, sourceWidth, sourceHeight, Taps.of(sourceWidth, width), true);
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
        System.arraycopy(pass(rows, width, sourceHeight, Taps.of(sourceHeight, height), false), 0, pixels, 0,
            pixels.length);
        return target;
    }

    /** One separable pass: along rows (horizontal) or along columns, rounding each channel to 8 bits. */
    private static int[] pass(int[] in, int width, int height, Taps taps, boolean horizontal) {
        int outWidth = horizontal ? taps.count() : width;
        int outHeight = horizontal ? height : taps.count();
        int[] out = new int[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int target = horizontal ? x : y;
                double r = 0;
                double g = 0;
                double b = 0;
                int first = taps.first[target];
                double[] weights = taps.weights[target];
                for (int k = 0; k < weights.length; k++) {
                    int pixel = horizontal ? in[y * width + first + k] : in[(first + k) * width + x];
                    r += weights[k] * (pixel >> 16 & 0xFF);
                    g += weights[k] * (pixel >> 8 & 0xFF);
                    b += weights[k] * (pixel & 0xFF);
                }
                out[y * outWidth + x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        return out;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    /** For each target position, its first source index and the normalised weights from there on. */
    private record Taps(int[] first, double[][] weights) {

        static Taps of(int sourceSize, int targetSize) {
            double scale = (double) sourceSize / targetSize;
            double support = Math.max(scale, 1.0);
            int[] first = new int[targetSize];
            double[][] weights = new double[targetSize][];
            for (int t = 0; t < targetSize; t++) {
                double center = (t + 0.5) * scale;
                int from = Math.max((int) (center - support + 0.5), 0);
                int to = Math.min((int) (center + support + 0.5), sourceSize);
                double[] w = new double[to - from];
                double sum = 0;
                for (int i = 0; i < w.length; i++) {
                    w[i] = Math.max(0, 1 - Math.abs((from + i - center + 0.5) / support));
                    sum += w[i];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] /= sum;
                }
                first[t] = from;
                weights[t] = w;
            }
            return new Taps(first, weights);
        }

        int count() {
            return first.length;
        }
    }
}
