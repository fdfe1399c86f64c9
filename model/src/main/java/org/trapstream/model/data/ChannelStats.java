package org.trapstream.model.data;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Per-channel mean and standard deviation of RGB images in the 0..1 pixel scale: the StandardScaler step of
 * the seed tutorials, computed on the training images only so validation and test stay unseen.
 */
public record ChannelStats(List<Double> mean, List<Double> std) {

    /** Guards against a constant channel (e.g. an all-grey dataset), which would divide by zero. */
    private static final double MIN_STD = 1e-3;

    public static ChannelStats of(List<BufferedImage> images) {
        double[] sum = new double[3];
        double[] sumSquares = new double[3];
        long pixels = 0;
        for (BufferedImage image : images) {
            int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            for (int pixel : rgb) {
                for (int c = 0; c < 3; c++) {
                    double v = ((pixel >> (16 - 8 * c)) & 0xFF) / 255.0;
                    sum[c] += v;
                    sumSquares[c] += v * v;
                }
            }
            pixels += rgb.length;
        }
        if (pixels == 0) {
            throw new IllegalArgumentException("No pixels to compute channel statistics from");
        }
        Double[] mean = new Double[3];
        Double[] std = new Double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = sum[c] / pixels;
            std[c] = Math.max(MIN_STD, Math.sqrt(Math.max(0, sumSquares[c] / pixels - mean[c] * mean[c])));
        }
        return new ChannelStats(List.of(mean), List.of(std));
    }
}
