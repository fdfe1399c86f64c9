package org.trapstream.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Image formats told apart by their leading bytes. File names and content types are never trusted: cameras
 * and gateways get them wrong, the bytes cannot lie about what a decoder will see.
 */
public enum ImageFormat {
    JPEG, PNG, GIF, BMP, WEBP, TIFF, HEIC, UNKNOWN;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Sizes of the BMP info headers that exist (OS/2 1.x to BITMAPV5HEADER); "BM" alone is too weak a sign. */
    private static final Set<Integer> BMP_INFO_HEADER_SIZES = Set.of(12, 16, 40, 52, 56, 64, 108, 124);
    /** Major brands of an ISO-BMFF {@code ftyp} box that mean HEIF/HEIC stills. */
    private static final Set<String> HEIF_BRANDS =
        Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1");

    /** The format the bytes start with; {@link #UNKNOWN} for anything else, including null or empty input. */
    public static ImageFormat sniff(byte[] bytes) {
        if (bytes == null) {
            return UNKNOWN;
        }
        if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return GIF;
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return WEBP;
        }
        if (startsWith(bytes, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
            || startsWith(bytes, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)) {
            return TIFF;
        }
        if (startsWithAscii(bytes, 4, "ftyp") && bytes.length >= 12
            && HEIF_BRANDS.contains(new String(bytes, 8, 4, StandardCharsets.ISO_8859_1))) {
            return HEIC;
        }
        if (startsWithAscii(bytes, 0, "BM") && bytes.length >= 18
            && BMP_INFO_HEADER_SIZES.contains(littleEndianInt(bytes, 14))) {
            return BMP;
        }
        return UNKNOWN;
    }

    /** Whether Trapstream decodes this format (with the JDK's own readers). */
    public boolean decodable() {
        return this == JPEG || this == PNG || this == GIF || this == BMP;
    }

    /** Lower-case name used in messages, metrics labels and ImageIO reader look-ups, e.g. {@code "jpeg"}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String ascii) {
        return startsWith(bytes, offset, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte... prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int littleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8
            | (bytes[offset + 2] & 0xFF) << 16 | (bytes[offset + 3] & 0xFF) << 24;
    }
}
