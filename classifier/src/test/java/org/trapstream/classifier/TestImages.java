package org.trapstream.classifier;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImageRecord;

/** Images made in the test, including the awkward ones cameras and gateways send. */
final class TestImages {

    private TestImages() {
    }

    /** A small scene that differs for every seed (so every image has its own id). */
    static BufferedImage scene(long seed, int width, int height) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 4 + random.nextInt(width / 2),
                4 + random.nextInt(height / 2));
        }
        g.dispose();
        image.setRGB(0, 0, (int) seed);
        return image;
    }

    static byte[] jpeg(long seed) {
        return encode(scene(seed, 64, 48), "jpeg");
    }

    static byte[] encode(RenderedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No " + format + " writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] truncatedJpeg(long seed) {
        byte[] whole = encode(scene(seed, 128, 96), "jpeg");
        return Arrays.copyOf(whole, whole.length / 2);
    }

    static byte[] greyJpeg(long seed) {
        BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.drawImage(scene(seed, 64, 48), 0, 0, null);
        g.dispose();
        return encode(grey, "jpeg");
    }

    static byte[] rgbaPng(long seed) {
        BufferedImage rgba = new BufferedImage(64, 48, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = rgba.createGraphics();
        g.drawImage(scene(seed, 64, 48), 0, 0, null);
        g.dispose();
        rgba.setRGB(0, 0, 64, 8, new int[64 * 8], 0, 64);
        return encode(rgba, "png");
    }

    /** A four-component (CMYK) JPEG, as print workflows and some scanners write them. */
    static byte[] cmykJpeg(long seed) {
        Random random = new Random(seed);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 64, 48, 4, null);
        int[] ink = new int[4];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                for (int c = 0; c < 4; c++) {
                    ink[c] = (x * 4 + y * 2 + c * 60 + random.nextInt(8)) & 0xFF;
                }
                raster.setPixel(x, y, ink);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A JPEG stored sideways with EXIF orientation 6 (rotate 90 degrees clockwise to view), as phones write. */
    static byte[] exifRotatedJpeg(long seed) {
        byte[] jpeg = encode(scene(seed, 64, 48), "jpeg");
        ByteBuffer tiff = ByteBuffer.allocate(26)
            .put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8)
            .putShort((short) 1)
            .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0)
            .putInt(0);
        byte[] exif = ByteBuffer.allocate(6 + tiff.capacity()).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
            .put(tiff.array()).array();
        byte[] segment = ByteBuffer.allocate(4 + exif.length).put((byte) 0xFF).put((byte) 0xE1)
            .putShort((short) (exif.length + 2)).put(exif).array();
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    static byte[] onePixelPng() {
        return encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
    }

    /** A 57-byte PNG whose header (with a valid CRC) claims 50000 x 50000 pixels: a decompression bomb. */
    static byte[] pngClaiming(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
            .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
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

    /** The start of a lossy WebP file (RIFF container, VP8 chunk): a format Trapstream does not decode. */
    static byte[] webp() {
        byte[] vp8 = {(byte) 0x9d, 0x01, 0x2a, 0x40, 0x00, 0x30, 0x00};
        ByteBuffer riff = ByteBuffer.allocate(12 + 8 + vp8.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + vp8.length + 1)
            .put("WEBP".getBytes(StandardCharsets.US_ASCII))
            .put("VP8 ".getBytes(StandardCharsets.US_ASCII)).putInt(vp8.length).put(vp8).put((byte) 0);
        return riff.array();
    }

    /** The record ingest would have written for these bytes (the test bypasses ingest). */
    static ProducerRecord<String, byte[]> record(byte[] bytes, String format, int width, int height) {
        return new ImageRecord(ImageIds.of(bytes), "test-cam-01", null, Instant.now(), format, width, height, bytes)
            .toProducerRecord();
    }

    static ProducerRecord<String, byte[]> record(byte[] jpeg) {
        return record(jpeg, "jpeg", 64, 48);
    }
}
