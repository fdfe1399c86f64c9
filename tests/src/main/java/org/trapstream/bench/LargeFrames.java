package org.trapstream.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * 20 MP frames (5472x3648, the sensor of many trail cameras and DSLRs) made from real ones, since none of the
 * datasets has any: scaled up bicubically, with sensor-like noise so that the file carries as much detail to
 * decode as a real one (an upscaled frame alone compresses to a fraction of a real 20 MP JPEG), then encoded at
 * quality 0.9. In memory only; never written to disk.
 */
final class LargeFrames {

    static final int WIDTH = 5472;
    static final int HEIGHT = 3648;
    private static final float QUALITY = 0.9f;
    /** Standard deviation of the added noise, per channel, in 0-255 levels. */
    private static final double NOISE = 5;

    static List<byte[]> from(List<byte[]> frames, int count) {
        Random random = new Random(20);
        return frames.stream().limit(count).map(frame -> jpeg(noisy(upscaled(frame), random))).toList();
    }

    private static BufferedImage upscaled(byte[] jpeg) {
        try {
            BufferedImage frame = ImageIO.read(new ByteArrayInputStream(jpeg));
            BufferedImage large = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = large.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(frame, 0, 0, WIDTH, HEIGHT, null);
            g.dispose();
            return large;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage noisy(BufferedImage image, Random random) {
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int rgb = 0;
            for (int shift = 16; shift >= 0; shift -= 8) {
                int level = (int) Math.round((pixels[i] >> shift & 0xFF) + random.nextGaussian() * NOISE);
                rgb |= Math.max(0, Math.min(255, level)) << shift;
            }
            pixels[i] = rgb;
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private LargeFrames() {
    }
}
