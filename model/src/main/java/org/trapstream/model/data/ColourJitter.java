package org.trapstream.model.data;

import java.awt.image.BufferedImage;
import java.util.Random;

import io.vertx.core.json.JsonObject;

/**
 * Random changes of brightness, contrast, saturation and hue (as torchvision's {@code ColorJitter}, in a fixed
 * order): each site's light, white balance and camera shift colours its photos, and a model should not tell sites
 * (and so classes photographed at one site) apart by them. Each factor is drawn once per image.
 *
 * @param brightness pixels scaled by a factor from [1 - this, 1 + this]
 * @param contrast   pixels moved away from or towards the image's mean grey by a factor from [1 - this, 1 + this]
 * @param saturation pixels moved away from or towards their own grey by a factor from [1 - this, 1 + this]
 * @param hue        colours turned around the grey axis (in YIQ space) by up to this share of a full turn, in
 *                   [0, 0.5]: a cheap stand-in for a rotation of HSV hue
 */
public record ColourJitter(double brightness, double contrast, double saturation, double hue) {

    public ColourJitter {
        if (!(brightness >= 0 && brightness <= 1) || !(contrast >= 0 && contrast <= 1)
            || !(saturation >= 0 && saturation <= 1) || !(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("Colour jitter needs brightness, contrast and saturation in [0, 1] and "
                + "hue in [0, 0.5], got " + brightness + ", " + contrast + ", " + saturation + ", " + hue);
        }
    }

    /** Whether any factor can differ from 1 (or the hue turn from 0). */
    public boolean changesImages() {
        return brightness > 0 || contrast > 0 || saturation > 0 || hue > 0;
    }

    /** A recoloured copy of {@code image} (TYPE_INT_RGB, same size); {@code image} is left untouched. */
    public BufferedImage apply(BufferedImage image, Random random) {
        double brightnessFactor = Augmentation.uniform(random, 1 - brightness, 1 + brightness);
        double contrastFactor = Augmentation.uniform(random, 1 - contrast, 1 + contrast);
        double saturationFactor = Augmentation.uniform(random, 1 - saturation, 1 + saturation);
        double angle = Augmentation.uniform(random, -hue, hue) * 2 * Math.PI;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);

        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        double[][] rgb = new double[pixels.length][];
        double greySum = 0;
        for (int i = 0; i < pixels.length; i++) {
            rgb[i] = new double[] {
                ((pixels[i] >> 16) & 0xFF) * brightnessFactor,
                ((pixels[i] >> 8) & 0xFF) * brightnessFactor,
                (pixels[i] & 0xFF) * brightnessFactor};
            greySum += grey(rgb[i][0], rgb[i][1], rgb[i][2]);
        }
        double meanGrey = greySum / pixels.length;
        for (int i = 0; i < pixels.length; i++) {
            double[] p = rgb[i];
            for (int c = 0; c < 3; c++) {
                p[c] = meanGrey + contrastFactor * (p[c] - meanGrey);
            }
            double y = grey(p[0], p[1], p[2]);
            for (int c = 0; c < 3; c++) {
                p[c] = y + saturationFactor * (p[c] - y);
            }
            pixels[i] = angle == 0 ? rgb(p[0], p[1], p[2]) : turnHue(p, cos, sin);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, pixels, 0, w);
        return out;
    }

    public JsonObject toJson() {
        return new JsonObject().put("brightness", brightness).put("contrast", contrast).put("saturation", saturation)
            .put("hue", hue);
    }

    /** In YIQ space Y is the grey level: turning (I, Q) about it changes the hue and keeps the grey. */
    private static int turnHue(double[] p, double cos, double sin) {
        double y = grey(p[0], p[1], p[2]);
        double inPhase = 0.596 * p[0] - 0.274 * p[1] - 0.322 * p[2];
        double quadrature = 0.211 * p[0] - 0.523 * p[1] + 0.312 * p[2];
        double i = cos * inPhase - sin * quadrature;
        double q = sin * inPhase + cos * quadrature;
        return rgb(y + 0.956 * i + 0.621 * q, y - 0.272 * i - 0.647 * q, y - 1.106 * i + 1.703 * q);
    }

    /** The ITU-R BT.601 luma of a pixel, the grey a greyscale camera would record. */
    static double grey(double r, double g, double b) {
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }

    /** An opaque RGB pixel of channels clamped to [0, 255]. */
    static int rgb(double r, double g, double b) {
        return (channel(r) << 16) | (channel(g) << 8) | channel(b);
    }

    private static int channel(double value) {
        return (int) Math.round(Math.max(0, Math.min(255, value)));
    }
}
