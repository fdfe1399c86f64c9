package org.trapstream.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import javax.imageio.ImageIO;

/** Images made on the spot: random noise, so every call yields different bytes and so a different image id. */
final class TestImages {

    private final Random random;

    TestImages(long seed) {
        this.random = new Random(seed);
    }

    byte[] jpeg(int width, int height) {
        return encode(noise(width, height), "jpg");
    }

    byte[] png(int width, int height) {
        return encode(noise(width, height), "png");
    }

    /** A JPEG with an EXIF APP1 segment whose DateTimeOriginal is {@code exifDateTime} ("yyyy:MM:dd HH:mm:ss"). */
    byte[] jpegWithExifCapture(int width, int height, String exifDateTime) {
        byte[] jpeg = jpeg(width, height);
        byte[] app1 = exifApp1(exifDateTime);
        // right after SOI (FFD8), where cameras put it
        return ByteBuffer.allocate(jpeg.length + app1.length)
            .put(jpeg, 0, 2).put(app1).put(jpeg, 2, jpeg.length - 2).array();
    }

    private BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A big-endian TIFF with IFD0 holding only the Exif IFD pointer, and the Exif IFD holding only
     * DateTimeOriginal: the least a camera writes that carries a capture time.
     */
    private static byte[] exifApp1(String dateTime) {
        byte[] ascii = (dateTime + "\0").getBytes(StandardCharsets.US_ASCII);
        int ifd0 = 8;
        int exifIfd = ifd0 + 2 + 12 + 4;
        int value = exifIfd + 2 + 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(value + ascii.length)
            .put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0)
            .putShort((short) 1).putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(exifIfd).putInt(0)
            .putShort((short) 1).putShort((short) 0x9003).putShort((short) 2).putInt(ascii.length).putInt(value).putInt(0)
            .put(ascii);
        byte[] exifId = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifId.length + tiff.capacity();
        return ByteBuffer.allocate(2 + length)
            .put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exifId).put(tiff.array())
            .array();
    }
}
