package org.trapstream.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Images made in memory for tests: pictures, their encodings (ImageIO's, or built by hand where ImageIO cannot
 * write what cameras and gateways send), and the JPEG segments that carry EXIF and colour-transform markers.
 */
public final class TestImages {

    private TestImages() {
    }

    // ---- pictures (TYPE_INT_RGB unless said otherwise) ----

    /** Left half {@code left}, right half {@code right}. */
    public static BufferedImage halves(int width, int height, Color left, Color right) {
        return quadrants(width, height, left, right, left, right);
    }

    /** Four solid quadrants: shows where each corner of the stored image ends up. */
    public static BufferedImage quadrants(int width, int height, Color topLeft, Color topRight, Color bottomLeft,
                                          Color bottomRight) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        fill(g, topLeft, 0, 0, width / 2, height / 2);
        fill(g, topRight, width / 2, 0, width - width / 2, height / 2);
        fill(g, bottomLeft, 0, height / 2, width / 2, height - height / 2);
        fill(g, bottomRight, width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    /** Photo-like and always the same: smooth gradients, a disc and fine stripes, so resampling errors show. */
    public static BufferedImage scene(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 255 * x / width;
                int g = 255 * y / height;
                int b = 128 + (int) (100 * Math.sin(x / 40.0) * Math.cos(y / 30.0));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 3, height / 3);
        g.setColor(Color.BLACK);
        for (int x = width / 2; x < width * 3 / 4; x += 4) {
            g.fillRect(x, height / 2, 2, height / 3);
        }
        g.dispose();
        return image;
    }

    /** Random pixels from the seed: another seed gives other bytes, so another image id. */
    public static BufferedImage noise(long seed, int width, int height) {
        return noise(new Random(seed), width, height);
    }

    /** Random pixels drawn from {@code random}: every call gives a new image with its own id. */
    public static BufferedImage noise(Random random, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /** A single-channel (TYPE_BYTE_GRAY) copy, as greyscale and infrared cameras write. */
    public static BufferedImage grey(BufferedImage image) {
        return copy(image, BufferedImage.TYPE_BYTE_GRAY);
    }

    /** An ARGB copy whose top {@code rows} are fully transparent, for alpha that must be composited. */
    public static BufferedImage transparentTop(BufferedImage image, int rows) {
        BufferedImage argb = copy(image, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, argb.getWidth(), rows, new int[argb.getWidth() * rows], 0, argb.getWidth());
        return argb;
    }

    // ---- encodings ----

    /** Encoded by ImageIO with its defaults (JPEG at quality 0.75); fails if the JDK has no writer for it. */
    public static byte[] encode(RenderedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("ImageIO has no " + format + " writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG at quality 0.95, so colours stay within a small tolerance. */
    public static byte[] jpeg(BufferedImage image) {
        return jpeg(image, 0.95f);
    }

    /** A JPEG at the given quality (0 to 1). */
    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = jpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        return write(writer, new IIOImage(image, null, null), param);
    }

    /** A progressive JPEG at quality 0.95: libjpeg holds all of its coefficients until the last scan. */
    public static byte[] progressiveJpeg(BufferedImage image) {
        ImageWriter writer = jpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        return write(writer, new IIOImage(image, null, null), param);
    }

    /**
     * A copy of the JPEG whose frame header (every SOF segment up to the first scan) claims another size, over
     * the same scan data: a decompression bomb when the claim is large, as the decoder fills what the data lacks.
     */
    public static byte[] withFrameSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        ByteBuffer bytes = ByteBuffer.wrap(copy);
        int pos = 2;
        while (pos + 4 <= copy.length && (copy[pos] & 0xFF) == 0xFF && (copy[pos + 1] & 0xFF) != 0xDA) {
            int marker = copy[pos + 1] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                bytes.putShort(pos + 5, (short) height).putShort(pos + 7, (short) width);
            }
            pos += 2 + (bytes.getShort(pos + 2) & 0xFFFF);
        }
        return copy;
    }

    /**
     * A plain CMYK JPEG (255 = full ink, no Adobe marker), halves of the given inks: the JDK writes a raw
     * four-band raster's samples as they are.
     */
    public static byte[] cmykJpeg(int width, int height, int[] leftInk, int[] rightInk) {
        WritableRaster inks = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        paintHalves(inks, leftInk, rightInk);
        return rasterJpeg(inks);
    }

    /** A plain CMYK JPEG of random inks from the seed, as print workflows and some scanners write. */
    public static byte[] cmykJpeg(long seed, int width, int height) {
        WritableRaster inks = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        new Random(seed).nextBytes(((DataBufferByte) inks.getDataBuffer()).getData());
        return rasterJpeg(inks);
    }

    /**
     * A JPEG written from a CMYK image, halves of the given inks: the JDK converts it to YCCK, inverted the
     * Adobe way, with an Adobe APP14 marker (transform 2), as Photoshop does.
     */
    public static byte[] ycckJpeg(int width, int height, int[] leftInk, int[] rightInk) {
        ComponentColorModel model = new ComponentColorModel(new NaiveCmyk(), false, false, Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
        WritableRaster inks = model.createCompatibleWritableRaster(width, height);
        paintHalves(inks, leftInk, rightInk);
        return encode(new BufferedImage(model, inks, false, null), "jpeg");
    }

    /** The first half of the bytes: a file cut off in transfer, its header promising more than arrives. */
    public static byte[] truncated(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    /**
     * The bytes with {@code count} of them cut out of the middle: for a large JPEG, data lost inside its scan with
     * the end marker intact, so only decoding the scan finds the loss.
     */
    public static byte[] withoutMiddle(byte[] bytes, int count) {
        int middle = bytes.length / 2;
        byte[] cut = new byte[bytes.length - count];
        System.arraycopy(bytes, 0, cut, 0, middle);
        System.arraycopy(bytes, middle + count, cut, middle, bytes.length - middle - count);
        return cut;
    }

    /** A 57-byte PNG whose IHDR (with a correct CRC) claims any size, over one empty IDAT: a decompression bomb. */
    public static byte[] pngClaiming(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        byte[] ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
            .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array();
        chunk(png, "IHDR", ihdr);
        chunk(png, "IDAT", new byte[0]);
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    /**
     * A 26-byte GIF whose logical screen and image descriptor claim any size (each side at most 65535), with no
     * colour table and a one-byte LZW stream.
     */
    public static byte[] gifClaiming(int width, int height) {
        ByteBuffer gif = ByteBuffer.allocate(6 + 7 + 10 + 3 + 1).order(ByteOrder.LITTLE_ENDIAN);
        gif.put(ascii("GIF89a")).putShort((short) width).putShort((short) height).put(new byte[3]);
        gif.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) width)
            .putShort((short) height).put((byte) 0);
        gif.put((byte) 2).put((byte) 1).put((byte) 0x44).put((byte) 0x3B);
        return gif.array();
    }

    /**
     * A BMP (BITMAPINFOHEADER, 8-bit RLE) whose header claims any size, and any size of compressed pixel data
     * ({@code imageSize}), over two bytes that end the bitmap.
     */
    public static byte[] bmpRleClaiming(int width, int height, int imageSize) {
        int dataOffset = 14 + 40 + 4;
        ByteBuffer bmp = ByteBuffer.allocate(dataOffset + 2).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put(ascii("BM")).putInt(dataOffset + 2).putInt(0).putInt(dataOffset);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8).putInt(1)
            .putInt(imageSize).putInt(2835).putInt(2835).putInt(1).putInt(0);
        bmp.putInt(0x00FFFFFF).put((byte) 0).put((byte) 1);
        return bmp.array();
    }

    /** The start of a lossy WebP file (RIFF container, VP8 chunk): a format Trapstream does not decode. */
    public static byte[] webp() {
        byte[] vp8 = {(byte) 0x9d, 0x01, 0x2a, 0x40, 0x00, 0x30, 0x00};
        ByteBuffer riff = ByteBuffer.allocate(12 + 8 + vp8.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        riff.put(ascii("RIFF")).putInt(4 + 8 + vp8.length + 1).put(ascii("WEBP"))
            .put(ascii("VP8 ")).putInt(vp8.length).put(vp8).put((byte) 0);
        return riff.array();
    }

    // ---- JPEG segments ----

    /** A marker segment: FF, the marker, the length, the payload. */
    public static byte[] segment(int marker, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length)
            .put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload).array();
    }

    /** The JPEG with a marker segment inserted right after SOI, where cameras put EXIF. */
    public static byte[] withSegment(byte[] jpeg, byte[] segment) {
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG: it does not start with SOI");
        }
        return ByteBuffer.allocate(jpeg.length + segment.length)
            .put(jpeg, 0, 2).put(segment).put(jpeg, 2, jpeg.length - 2).array();
    }

    /** An Adobe APP14 segment with the given colour transform (0 CMYK, 1 YCbCr, 2 YCCK). */
    public static byte[] adobeSegment(int transform) {
        byte[] payload = ByteBuffer.allocate(12).put(ascii("Adobe"))
            .putShort((short) 100).putShort((short) 0).putShort((short) 0).put((byte) transform).array();
        return segment(0xEE, payload);
    }

    /**
     * The TIFF structure of an EXIF block: IFD0 with Orientation, an Exif IFD with DateTimeOriginal
     * ("yyyy:MM:dd HH:mm:ss") and OffsetTimeOriginal. Orientation 0 and null values leave the tag out.
     */
    public static byte[] exifTiff(ByteOrder order, int orientation, String dateTimeOriginal,
                                  String offsetTimeOriginal) {
        boolean hasDate = dateTimeOriginal != null;
        int ifd0Entries = (orientation > 0 ? 1 : 0) + (hasDate ? 1 : 0);
        int exifIfd = 8 + 2 + 12 * ifd0Entries + 4;
        int exifEntries = hasDate ? (offsetTimeOriginal != null ? 2 : 1) : 0;
        int data = exifIfd + (hasDate ? 2 + 12 * exifEntries + 4 : 0);
        ByteBuffer tiff = ByteBuffer.allocate(data + 64).order(order);
        byte byteOrder = order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M';
        tiff.put(byteOrder).put(byteOrder).putShort((short) 42).putInt(8);
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
            byte[] date = asciiz(dateTimeOriginal);
            tiff.putShort((short) exifEntries);
            tiff.putShort((short) 0x9003).putShort((short) 2).putInt(date.length).putInt(data);
            if (offsetTimeOriginal != null) {
                tiff.putShort((short) 0x9011).putShort((short) 2).putInt(asciiz(offsetTimeOriginal).length)
                    .putInt(data + date.length);
            }
            tiff.putInt(0);
            tiff.put(date);
            if (offsetTimeOriginal != null) {
                tiff.put(asciiz(offsetTimeOriginal));
            }
        }
        return Arrays.copyOf(tiff.array(), tiff.position());
    }

    /** An APP1 segment: {@code "Exif\0\0"} followed by the TIFF structure. */
    public static byte[] exifSegment(byte[] tiff) {
        byte[] payload = ByteBuffer.allocate(6 + tiff.length).put(ascii("Exif\0\0")).put(tiff).array();
        return segment(0xE1, payload);
    }

    /** The JPEG with a big-endian EXIF block (see {@link #exifTiff}) right after SOI. */
    public static byte[] withExif(byte[] jpeg, int orientation, String dateTimeOriginal) {
        return withSegment(jpeg, exifSegment(exifTiff(ByteOrder.BIG_ENDIAN, orientation, dateTimeOriginal, null)));
    }

    /**
     * The JPEG with a little-endian EXIF block whose IFD0 holds {@code orientation} and a GPS IFD: latitude and
     * longitude (degrees, minutes, seconds as RATIONALs stored after the IFD) with their N/E references, as
     * a camera with a GPS receiver writes them.
     */
    public static byte[] withExifGps(byte[] jpeg, int orientation, int latitudeDegrees, int longitudeDegrees) {
        int gpsIfd = 8 + 2 + 2 * 12 + 4;
        int data = gpsIfd + 2 + 4 * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(data + 48).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
        tiff.putInt(0);
        tiff.putShort((short) 4);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(ascii("N\0\0\0"));
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(data);
        tiff.putShort((short) 3).putShort((short) 2).putInt(2).put(ascii("E\0\0\0"));
        tiff.putShort((short) 4).putShort((short) 5).putInt(3).putInt(data + 24);
        tiff.putInt(0);
        for (int degrees : new int[] {latitudeDegrees, longitudeDegrees}) {
            tiff.putInt(degrees).putInt(1).putInt(30).putInt(1).putInt(1234).putInt(100);
        }
        return withSegment(jpeg, exifSegment(tiff.array()));
    }

    /**
     * The JPEG with an EXIF block whose IFD1 holds {@code thumbnail} (a JPEG under 64 KB), as cameras embed
     * their previews.
     */
    public static byte[] withExifThumbnail(byte[] jpeg, byte[] thumbnail) {
        int ifd1 = 8 + 2 + 4;
        int data = ifd1 + 2 + 2 * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(data + thumbnail.length).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 0).putInt(ifd1);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0201).putShort((short) 4).putInt(1).putInt(data);
        tiff.putShort((short) 0x0202).putShort((short) 4).putInt(1).putInt(thumbnail.length);
        tiff.putInt(0);
        tiff.put(thumbnail);
        return withSegment(jpeg, exifSegment(tiff.array()));
    }

    // ---- internals ----

    private static void fill(Graphics2D g, Color colour, int x, int y, int width, int height) {
        g.setColor(colour);
        g.fillRect(x, y, width, height);
    }

    private static BufferedImage copy(BufferedImage image, int type) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = copy.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return copy;
    }

    private static void paintHalves(WritableRaster raster, int[] left, int[] right) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setPixel(x, y, x < raster.getWidth() / 2 ? left : right);
            }
        }
    }

    private static byte[] rasterJpeg(Raster raster) {
        ImageWriter writer = jpegWriter();
        return write(writer, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    }

    private static ImageWriter jpegWriter() {
        return ImageIO.getImageWritersByFormatName("jpeg").next();
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

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        byte[] typeBytes = ascii(type);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A NUL-terminated ASCII value, as TIFF stores text. */
    private static byte[] asciiz(String text) {
        return ascii(text + "\0");
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
}
