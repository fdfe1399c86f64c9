package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Optional;

import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.lept;

/**
 * JPEG frames decoded at 1/2, 1/4 or 1/8 of their size by libjpeg-turbo's scaled IDCT, through Leptonica. A
 * reduced decode skips most of the inverse DCT, the chroma upsampling and the colour conversion of a full one,
 * and still draws on every coefficient: each output pixel stands for its whole 2x2, 4x4 or 8x8 block, where
 * subsampling a full decode would keep one pixel of each and alias.
 *
 * <p>Leptonica returns nothing when libjpeg-turbo warns while decoding: truncated or damaged data, but also
 * harmless oddities such as stray bytes between markers. The caller then decodes with the JDK's reader, which
 * tells them apart. (A file that lacks only its EOI marker may come back or not, depending on whether libjpeg-turbo
 * reaches the end of the file before its last row: the JDK's reader accepts it too.) libjpeg-turbo prints its first
 * warning about such a file on stderr, which nothing here can silence.
 */
final class ScaledJpeg {

    private static final int[] REDUCTIONS = {8, 4, 2, 1};

    static {
        // Leptonica's own messages repeat what the JDK's reader then reports as the reason.
        lept.setMsgSeverity(lept.L_SEVERITY_NONE);
    }

    /**
     * The largest reduction (8, 4, 2 or 1) that leaves at least twice the target in both axes, or 0 when the frame
     * itself is smaller than that. The margin is for fidelity: a DCT scale is a box filter over its blocks, and with
     * twice the target left the bilinear reduction that follows dominates, which keeps the result within a level
     * of a full decode reduced by the same filter (1.5 levels at a 1.7x margin on the Serengeti frames).
     */
    static int reduction(int width, int height, int targetWidth, int targetHeight) {
        for (int reduction : REDUCTIONS) {
            if (width / reduction >= 2 * targetWidth && height / reduction >= 2 * targetHeight) {
                return reduction;
            }
        }
        return 0;
    }

    /**
     * The JPEG at 1/{@code reduction} of its size (rounded up), TYPE_INT_RGB, as stored (EXIF orientation is not
     * applied); empty when libjpeg-turbo warned or failed.
     */
    static Optional<BufferedImage> read(byte[] jpeg, int reduction) {
        PIX pix = lept.pixReadMemJpeg(jpeg, jpeg.length, 0, reduction, (int[]) null, 0);
        if (pix == null) {
            return Optional.empty();
        }
        try {
            return rgb(pix);
        } finally {
            lept.pixDestroy(pix);
        }
    }

    /** Leptonica's 32-bit pixels are 0xRRGGBBAA words; greyscale JPEGs come as 8 bits and are widened first. */
    private static Optional<BufferedImage> rgb(PIX pix) {
        if (lept.pixGetDepth(pix) == 8) {
            PIX widened = lept.pixConvertTo32(pix);
            try {
                return widened == null ? Optional.empty() : rgb(widened);
            } finally {
                lept.pixDestroy(widened);
            }
        }
        if (lept.pixGetDepth(pix) != 32) {
            return Optional.empty();
        }
        int width = lept.pixGetWidth(pix);
        int height = lept.pixGetHeight(pix);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        lept.pixGetData(pix).get(pixels); // 32-bit rows have no padding: wpl == width
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] >>>= 8;
        }
        return Optional.of(image);
    }

    private ScaledJpeg() {
    }
}
