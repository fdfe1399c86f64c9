package org.trapstream.common.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds test images in memory: encoded with ImageIO, or hand-made where ImageIO cannot make them. */
final class TestImages {

    /** A w x h image whose left half is {@code left} and right half {@code right}. */
    static BufferedImage halves(int w, int h, Color left, Color right) {
        return quadrants(w, h, left, right, left, right);
    }

    static BufferedImage quadrants(int w, int h, Color topLeft, Color topRight, Color bottomLeft, Color bottomRight) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        fill(g, topLeft, 0, 0, w / 2, h / 2);
        fill(g, topRight, w / 2, 0, w - w / 2, h / 2);
        fill(g, bottomLeft, 0, h / 2, w / 2, h - h / 2);
        fill(g, bottomRight, w / 2, h / 2, w - w / 2, h - h / 2);
        g.dispose();
        return image;
    }

    private static void fill(Graphics2D g, Color colour, int x, int y, int w, int h) {
        g.setColor(colour);
        g.fillRect(x, y, w, h);
    }

    /** A photo-like image: smooth gradients, shapes and fine stripes, so resampling errors would show. */
    static BufferedImage scene(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 255 * x / w;
                int g = 255 * y / h;
                int b = 128 + (int) (100 * Math.sin(x / 40.0) * Math.cos(y / 30.0));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 3, h / 3);
        g.setColor(Color.BLACK);
        for (int x = w / 2; x < w * 3 / 4; x += 4) {
            g.fillRect(x, h / 2, 2, h / 3);
        }
        g.dispose();
        return image;
    }

    static byte[] encode(RenderedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out), "ImageIO has a " + format + " writer for " + image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image) {
        return jpeg(image, 0.95f);
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        return write(writer, new IIOImage(image, null, null), param);
    }

    /**
     * A 4-component JPEG written from a raw raster: the JDK writes the samples as they are, as plain CMYK
     * (255 = full ink) with no Adobe marker.
     */
    static byte[] cmykRasterJpeg(int w, int h, int[] leftInk, int[] rightInk) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, x < w / 2 ? leftInk : rightInk);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        return write(writer, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    }

    /**
     * A JPEG written from a CMYK BufferedImage: the JDK converts it to YCCK, inverted the Adobe way, with an
     * Adobe APP14 marker (transform 2), as Photoshop does.
     */
    static byte[] ycckJpeg(int w, int h, int[] leftInk, int[] rightInk) {
        ComponentColorModel model = new ComponentColorModel(new NaiveCmyk(), false, false, Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, x < w / 2 ? leftInk : rightInk);
            }
        }
        return encode(new BufferedImage(model, raster, false, null), "jpeg");
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The JPEG with a marker segment inserted right after SOI. */
    static byte[] withSegment(byte[] jpeg, byte[] segment) {
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            fail("not a JPEG");
        }
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    static byte[] segment(int marker, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length)
            .put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload).array();
    }

    /** An Adobe APP14 segment with the given colour transform (0 CMYK, 1 YCbCr, 2 YCCK). */
    static byte[] adobeSegment(int transform) {
        byte[] payload = ByteBuffer.allocate(12).put("Adobe".getBytes(StandardCharsets.US_ASCII))
            .putShort((short) 100).putShort((short) 0).putShort((short) 0).put((byte) transform).array();
        return segment(0xEE, payload);
    }

    /** The TIFF structure of an EXIF block: IFD0 with Orientation, Exif IFD with the capture time. */
    static byte[] exifTiff(ByteOrder order, int orientation, String dateTimeOriginal, String offsetTimeOriginal) {
        boolean hasDate = dateTimeOriginal != null;
        int ifd0Entries = (orientation > 0 ? 1 : 0) + (hasDate ? 1 : 0);
        int exifIfd = 8 + 2 + 12 * ifd0Entries + 4;
        int exifEntries = hasDate ? (offsetTimeOriginal != null ? 2 : 1) : 0;
        int data = exifIfd + (hasDate ? 2 + 12 * exifEntries + 4 : 0);
        ByteBuffer tiff = ByteBuffer.allocate(data + 64).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8);
        tiff.putShort((short) ifd0Entries);
        if (orientation > 0) {
            tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation).putShort((short) 0);
        }
        if (hasDate) {
            tiff.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(exifIfd);
        }
        tiff.putInt(0);
        if (hasDate) {
            byte[] date = ascii(dateTimeOriginal);
            tiff.putShort((short) exifEntries);
            tiff.putShort((short) 0x9003).putShort((short) 2).putInt(date.length).putInt(data);
            if (offsetTimeOriginal != null) {
                tiff.putShort((short) 0x9011).putShort((short) 2).putInt(ascii(offsetTimeOriginal).length)
                    .putInt(data + date.length);
            }
            tiff.putInt(0);
            tiff.put(date);
            if (offsetTimeOriginal != null) {
                tiff.put(ascii(offsetTimeOriginal));
            }
        }
        byte[] bytes = new byte[tiff.position()];
        tiff.flip().get(bytes);
        return bytes;
    }

    /** An APP1 segment: {@code "Exif\0\0"} followed by the TIFF structure. */
    static byte[] exifSegment(byte[] tiff) {
        byte[] payload = ByteBuffer.allocate(6 + tiff.length).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
            .put(tiff).array();
        return segment(0xE1, payload);
    }

    static byte[] withExif(byte[] jpeg, int orientation, String dateTimeOriginal) {
        return withSegment(jpeg, exifSegment(exifTiff(ByteOrder.BIG_ENDIAN, orientation, dateTimeOriginal, null)));
    }

    private static byte[] ascii(String text) {
        return (text + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    /** A PNG whose IHDR (with a correct CRC) claims any size; the pixel data is one empty IDAT. */
    static byte[] pngClaiming(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        byte[] ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
            .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array();
        chunk(png, "IHDR", ihdr);
        chunk(png, "IDAT", new byte[0]);
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    }

    /** Red, green, blue of a pixel. */
    static int[] rgb(BufferedImage image, int x, int y) {
        int pixel = image.getRGB(x, y);
        return new int[] {pixel >> 16 & 0xFF, pixel >> 8 & 0xFF, pixel & 0xFF};
    }

    static void assertColour(Color expected, BufferedImage image, int x, int y, int tolerance) {
        int[] actual = rgb(image, x, y);
        int[] wanted = {expected.getRed(), expected.getGreen(), expected.getBlue()};
        for (int i = 0; i < 3; i++) {
            if (Math.abs(actual[i] - wanted[i]) > tolerance) {
                fail("pixel (" + x + "," + y + ") is rgb(" + actual[0] + "," + actual[1] + "," + actual[2]
                    + "), expected about rgb(" + wanted[0] + "," + wanted[1] + "," + wanted[2] + ") +-" + tolerance);
            }
        }
    }

    /** Textbook CMYK without a profile: enough for the JDK writer to take a CMYK image. */
    private static final class NaiveCmyk extends ColorSpace {
        private static final ColorSpace SRGB = ColorSpace.getInstance(ColorSpace.CS_sRGB);

        NaiveCmyk() {
            super(TYPE_CMYK, 4);
        }

        @Override
        public float[] toRGB(float[] cmyk) {
            float white = 1 - cmyk[3];
            return new float[] {(1 - cmyk[0]) * white, (1 - cmyk[1]) * white, (1 - cmyk[2]) * white};
        }

        @Override
        public float[] fromRGB(float[] rgb) {
            float k = 1 - Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
            if (k >= 1) {
                return new float[] {0, 0, 0, 1};
            }
            return new float[] {(1 - rgb[0] - k) / (1 - k), (1 - rgb[1] - k) / (1 - k), (1 - rgb[2] - k) / (1 - k), k};
        }

        @Override
        public float[] toCIEXYZ(float[] cmyk) {
            return SRGB.toCIEXYZ(toRGB(cmyk));
        }

        @Override
        public float[] fromCIEXYZ(float[] xyz) {
            return fromRGB(SRGB.fromCIEXYZ(xyz));
        }
    }

    private TestImages() {
    }
}
