package org.trapstream.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * Whatever a reader produced, as opaque TYPE_INT_RGB: the one pixel layout the resizer and the models
 * expect. Transparency is composited on white, the background a camera-trap photo never has, so a cut-out
 * subject stays recognisable.
 */
final class RgbConversion {

    /** {@code image} itself when it is already TYPE_INT_RGB, otherwise a converted copy. */
    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        ColorModel model = image.getColorModel();
        int transferType = model.getTransferType();
        if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && (transferType == DataBuffer.TYPE_BYTE || transferType == DataBuffer.TYPE_USHORT)) {
            return greyToRgb(image);
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            if (model.hasAlpha()) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            }
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Grey samples copied straight into R, G and B. Java2D would treat the JDK's grey colour space as linear
     * and brighten every grey-with-alpha PNG (128 becomes 188); grey file formats store gamma-encoded values.
     */
    private static BufferedImage greyToRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int greyMax = (1 << model.getComponentSize(0)) - 1;
        boolean alpha = model.hasAlpha();
        int alphaMax = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] grey = new int[w];
        int[] opacity = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, grey);
            if (alpha) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 1, opacity);
            }
            for (int x = 0; x < w; x++) {
                int value = scale(grey[x], greyMax);
                if (alpha) {
                    int a = scale(opacity[x], alphaMax);
                    value = (value * a + 255 * (255 - a) + 127) / 255;
                }
                out[y * w + x] = value << 16 | value << 8 | value;
            }
        }
        return rgb;
    }

    /**
     * A 4-component JPEG raster (CMYK, or YCCK which libjpeg leaves undecoded in a raster) as RGB. The JDK
     * cannot be trusted with these: older JDKs throw "Unsupported Image Type", newer ones assume every CMYK
     * file is Adobe-inverted and turn plain CMYK black. The conversion is the naive one, without
     * the embedded ICC profile: plausible colours are what a classifier needs, and such files are rare.
     *
     * @param adobeTransform the APP14 transform, or {@link JpegHeader#NO_ADOBE_MARKER}. Adobe writes CMYK with
     *                       0 meaning full ink; files without the marker use 255 for full ink.
     */
    static BufferedImage fromCmyk(Raster raster, int adobeTransform) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        boolean inverted = adobeTransform != JpegHeader.NO_ADOBE_MARKER;
        boolean ycck = adobeTransform == JpegHeader.ADOBE_YCCK;
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] samples = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, samples);
            for (int x = 0; x < w; x++) {
                int i = x * 4;
                int c = samples[i];
                int m = samples[i + 1];
                int ye = samples[i + 2];
                int k = samples[i + 3];
                if (ycck) {
                    // libjpeg's YCCK -> CMYK: the YCbCr part decodes to the complement of C, M and Y.
                    int yy = c;
                    int cb = m - 128;
                    int cr = ye - 128;
                    c = 255 - clamp(Math.round(yy + 1.402f * cr));
                    m = 255 - clamp(Math.round(yy - 0.344136f * cb - 0.714136f * cr));
                    ye = 255 - clamp(Math.round(yy + 1.772f * cb));
                }
                // "Whiteness" of each ink: 255 means no ink.
                int wc = inverted ? c : 255 - c;
                int wm = inverted ? m : 255 - m;
                int wy = inverted ? ye : 255 - ye;
                int wk = inverted ? k : 255 - k;
                int r = (wc * wk + 127) / 255;
                int g = (wm * wk + 127) / 255;
                int b = (wy * wk + 127) / 255;
                out[y * w + x] = r << 16 | g << 8 | b;
            }
        }
        return rgb;
    }

    private static int scale(int sample, int max) {
        return max == 255 ? sample : (sample * 255 + max / 2) / max;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private RgbConversion() {
    }
}
