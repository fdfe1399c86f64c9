package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Resizes a TYPE_INT_RGB image exactly as Pillow's {@code Image.resize(size, BILINEAR)} does for an 8-bit RGB image,
 * which is what torchvision's {@code Resize} runs on the PIL images of a PyTorch pipeline: the same bytes, not
 * merely close ones. A network trained on such inputs then sees the very pixels it was trained on; a box filter
 * (area average) differs by 2-5 grey levels on camera-trap frames, and floating-point arithmetic by one level here
 * and there, which was enough to change a sensitive network's answer.
 *
 * <p>Pillow's arithmetic, reproduced step by step: a triangle filter stretched by the reduction factor (support 1
 * source pixel when enlarging), its weights per target pixel computed and normalised in double precision, then
 * turned into 22-bit fixed point rounded half away from zero; each pass sums 8-bit values times those integer
 * weights onto half a unit (so that the shift rounds) and clamps to 0-255; rows first, then columns, with an
 * axis that keeps its size left alone. Like Pillow, the horizontal pass covers only the rows the vertical pass reads.
 */
final class PillowBilinear {

    /** Pillow's {@code PRECISION_BITS}: 8 bits of value and 2 of headroom below 32, the rest for the weights. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private PillowBilinear() {
    }

    /** A new TYPE_INT_RGB image of the given size (a copy when the size is the image's own). */
    static BufferedImage resize(BufferedImage rgb, int width, int height) {
        int sourceWidth = rgb.getWidth();
        int sourceHeight = rgb.getHeight();
        int[] source = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        Weights vertical = Weights.of(sourceHeight, height);
        int[] pixels = source;
        int rowOffset = 0;
        if (width != sourceWidth) {
            rowOffset = vertical.firstSource();
            int rows = vertical.endSource() - rowOffset;
            pixels = horizontal(source, sourceWidth, rowOffset, rows, Weights.of(sourceWidth, width));
        }
        if (height != sourceHeight) {
            pixels = vertical(pixels, width, rowOffset, vertical);
        }
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        System.arraycopy(pixels, 0, ((DataBufferInt) target.getRaster().getDataBuffer()).getData(), 0, width * height);
        return target;
    }

    /** Rows {@code firstRow} to {@code firstRow + rows} of the source, each resampled to {@code weights.count()} pixels. */
    private static int[] horizontal(int[] source, int sourceWidth, int firstRow, int rows, Weights weights) {
        int width = weights.count();
        int[] out = new int[width * rows];
        for (int y = 0; y < rows; y++) {
            int row = (firstRow + y) * sourceWidth;
            for (int x = 0; x < width; x++) {
                int first = row + weights.first[x];
                int base = x * weights.stride;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int k = 0; k < weights.length[x]; k++) {
                    int pixel = source[first + k];
                    int weight = weights.values[base + k];
                    r += (pixel >> 16 & 0xFF) * weight;
                    g += (pixel >> 8 & 0xFF) * weight;
                    b += (pixel & 0xFF) * weight;
                }
                out[y * width + x] = pack(r, g, b);
            }
        }
        return out;
    }

    /**
     * Each column of {@code in} (whose first row is source row {@code firstRow}) resampled to
     * {@code weights.count()} rows. Whole rows are weighted and summed at once, which reads memory in order (the
     * sums are integers: the order of adding does not change them).
     */
    private static int[] vertical(int[] in, int width, int firstRow, Weights weights) {
        int height = weights.count();
        int[] out = new int[width * height];
        int[] red = new int[width];
        int[] green = new int[width];
        int[] blue = new int[width];
        for (int y = 0; y < height; y++) {
            Arrays.fill(red, HALF);
            Arrays.fill(green, HALF);
            Arrays.fill(blue, HALF);
            for (int k = 0; k < weights.length[y]; k++) {
                int weight = weights.values[y * weights.stride + k];
                int row = (weights.first[y] - firstRow + k) * width;
                for (int x = 0; x < width; x++) {
                    int pixel = in[row + x];
                    red[x] += (pixel >> 16 & 0xFF) * weight;
                    green[x] += (pixel >> 8 & 0xFF) * weight;
                    blue[x] += (pixel & 0xFF) * weight;
                }
            }
            for (int x = 0; x < width; x++) {
                out[y * width + x] = pack(red[x], green[x], blue[x]);
            }
        }
        return out;
    }

    private static int pack(int r, int g, int b) {
        return clip8(r) << 16 | clip8(g) << 8 | clip8(b);
    }

    /** Pillow's {@code clip8}: the fixed-point sum shifted down to a value, clamped to 0-255. */
    private static int clip8(int sum) {
        return Math.max(0, Math.min(255, sum >> PRECISION_BITS));
    }

    /**
     * Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} for one axis: for each target position,
     * the first source index, how many follow, and their fixed-point weights ({@code stride} apart per target).
     */
    private record Weights(int[] first, int[] length, int[] values, int stride) {

        static Weights of(int sourceSize, int targetSize) {
            double scale = (double) sourceSize / targetSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the triangle's own support is 1
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[targetSize];
            int[] length = new int[targetSize];
            int[] values = new int[targetSize * stride];
            double[] weights = new double[stride];
            for (int t = 0; t < targetSize; t++) {
                double center = (t + 0.5) * scale;
                double inverse = 1.0 / filterScale;
                int from = Math.max((int) (center - support + 0.5), 0);
                int count = Math.min((int) (center + support + 0.5), sourceSize) - from;
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    weights[i] = triangle((i + from - center + 0.5) * inverse);
                    sum += weights[i];
                }
                for (int i = 0; i < count; i++) {
                    double weight = sum == 0 ? weights[i] : weights[i] / sum;
                    values[t * stride + i] = fixedPoint(weight);
                }
                first[t] = from;
                length[t] = count;
            }
            return new Weights(first, length, values, stride);
        }

        private static double triangle(double x) {
            double distance = Math.abs(x);
            return distance < 1.0 ? 1.0 - distance : 0.0;
        }

        private static int fixedPoint(double weight) {
            double scaled = weight * (1 << PRECISION_BITS);
            return (int) (weight < 0 ? scaled - 0.5 : scaled + 0.5);
        }

        int count() {
            return first.length;
        }

        /** The first source index any target position reads. */
        int firstSource() {
            return first[0];
        }

        /** One past the last source index any target position reads. */
        int endSource() {
            return first[count() - 1] + length[count() - 1];
        }
    }
}
