package org.trapstream.image;

/**
 * What the JPEG markers up to the first scan say: the frame's size and number of colour components (4 means
 * CMYK or YCCK, which need their own colour conversion), whether it comes in several scans, the colour transform
 * of an Adobe APP14 marker (Adobe writes CMYK inverted) and the EXIF of the first APP1 "Exif" segment. Width and
 * height are 0 when no frame header was found.
 *
 * @param multiScan whether the image comes in several scans: progressive, or sequential with its components in
 *     scans of their own (as far as the first scan header shows; a frame without one counts as several). libjpeg
 *     then holds every DCT coefficient of the image until the last scan, not a row of blocks: see
 *     {@link ImageLimits}
 */
record JpegHeader(int width, int height, int components, boolean multiScan, int adobeTransform, Exif exif) {

    /** {@link #adobeTransform()} when the image has no Adobe APP14 marker. */
    static final int NO_ADOBE_MARKER = -1;
    /** Adobe transform code for YCCK (YCbCr + K); 0 is plain (inverted) CMYK, 1 is YCbCr. */
    static final int ADOBE_YCCK = 2;

    private static final int SOF0 = 0xC0;
    private static final int SOF15 = 0xCF;
    /** SOF2, SOF6, SOF10 and SOF14 (progressive, Huffman or arithmetic, plain or differential) end in binary 10. */
    private static final int PROGRESSIVE_MASK = 0x03;
    private static final int PROGRESSIVE = 0x02;
    private static final int DHT = 0xC4;
    private static final int JPG = 0xC8;
    private static final int DAC = 0xCC;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int TEM = 0x01;
    private static final int APP1 = 0xE1;
    private static final int APP14 = 0xEE;
    private static final byte[] EXIF_ID = {'E', 'x', 'i', 'f', 0, 0};
    private static final byte[] ADOBE_ID = {'A', 'd', 'o', 'b', 'e'};

    boolean isCmyk() {
        return components == 4;
    }

    static JpegHeader scan(byte[] bytes) {
        return scan(bytes, 0, bytes.length);
    }

    /**
     * Walks the marker segments after SOI up to the first scan, in the {@code length} bytes from
     * {@code offset} (an embedded thumbnail is a JPEG inside a JPEG). It stops quietly at anything out of
     * place: the ImageIO reader is the judge of whether the file is corrupt, this only collects hints.
     */
    static JpegHeader scan(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int width = 0;
        int height = 0;
        int components = 0;
        boolean progressive = false;
        int scanComponents = 0;
        int adobeTransform = NO_ADOBE_MARKER;
        Exif exif = null;
        int pos = offset + 2;
        while (pos + 1 < end && (bytes[pos] & 0xFF) == 0xFF) {
            int marker = bytes[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == SOS) {
                scanComponents = pos + 4 < end ? bytes[pos + 4] & 0xFF : 0;
                break;
            }
            if (marker == EOI) {
                break;
            }
            if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                pos += 2; // markers without a length
                continue;
            }
            if (pos + 4 > end) {
                break;
            }
            int segmentLength = (bytes[pos + 2] & 0xFF) << 8 | (bytes[pos + 3] & 0xFF);
            int payload = pos + 4;
            int payloadLength = segmentLength - 2;
            if (payloadLength < 0 || payload > end - payloadLength) {
                break;
            }
            if (isStartOfFrame(marker) && payloadLength >= 6) {
                height = (bytes[payload + 1] & 0xFF) << 8 | (bytes[payload + 2] & 0xFF);
                width = (bytes[payload + 3] & 0xFF) << 8 | (bytes[payload + 4] & 0xFF);
                components = bytes[payload + 5] & 0xFF;
                // Any progressive frame header counts, should a hostile file carry two.
                progressive |= (marker & PROGRESSIVE_MASK) == PROGRESSIVE;
            } else if (marker == APP1 && exif == null && startsWith(bytes, payload, payloadLength, EXIF_ID)) {
                exif = Exif.parse(bytes, payload + EXIF_ID.length, payloadLength - EXIF_ID.length);
            } else if (marker == APP14 && payloadLength >= 12 && startsWith(bytes, payload, payloadLength, ADOBE_ID)) {
                adobeTransform = bytes[payload + 11] & 0xFF;
            }
            pos = payload + payloadLength;
        }
        boolean multiScan = progressive || scanComponents < components;
        return new JpegHeader(width, height, components, multiScan, adobeTransform, exif == null ? Exif.NONE : exif);
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= SOF0 && marker <= SOF15 && marker != DHT && marker != JPG && marker != DAC;
    }

    private static boolean startsWith(byte[] bytes, int offset, int available, byte[] prefix) {
        if (available < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
