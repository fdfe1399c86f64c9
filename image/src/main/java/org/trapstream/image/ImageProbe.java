package org.trapstream.image;

import java.io.IOException;
import java.util.Optional;

import javax.imageio.ImageReader;

import org.trapstream.common.contract.RejectReason;

/**
 * Checks an image without decoding its pixels: the format from its leading bytes, the dimensions from its
 * header (an ImageReader stops there), the EXIF of a JPEG, and every {@link ImageLimits} limit. Costs well
 * under a millisecond, so ingest can refuse bad images before storing them; a header claiming gigapixels is
 * refused without a byte of pixel memory. Stateless and thread-safe.
 */
public final class ImageProbe {

    /** The probe's findings, the stored (pre-orientation) size and, for JPEG, the marker facts the decoder needs. */
    record Inspection(ImageInfo info, int storedWidth, int storedHeight, JpegHeader jpeg) {
    }

    /**
     * @throws ImageRejectedException with {@link RejectReason#EMPTY}, {@link RejectReason#TOO_LARGE},
     *     {@link RejectReason#UNSUPPORTED_FORMAT}, {@link RejectReason#CORRUPT} (unreadable header),
     *     {@link RejectReason#TOO_MANY_PIXELS} or {@link RejectReason#TOO_SMALL}
     */
    public static ImageInfo probe(byte[] bytes, ImageLimits limits) {
        return inspect(bytes, limits).info();
    }

    static Inspection inspect(byte[] bytes, ImageLimits limits) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(RejectReason.EMPTY, "the image has no bytes");
        }
        requireSizeWithin(bytes.length, limits);
        ImageFormat format = ImageFormat.sniff(bytes);
        if (!format.decodable()) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT, format == ImageFormat.UNKNOWN
                ? "the bytes are not a known image format; send JPEG or PNG"
                : format.code() + " is not supported; send JPEG or PNG");
        }
        int width;
        int height;
        try (ImageReaders.Opened opened = ImageReaders.open(format, bytes)) {
            ImageReader reader = opened.reader();
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(RejectReason.CORRUPT,
                "the " + format.code() + " header cannot be read: " + describe(e));
        }
        JpegHeader jpeg = format == ImageFormat.JPEG ? JpegHeader.scan(bytes) : null;
        requirePixelsWithin(width, height, jpeg != null && jpeg.multiScan(), limits);
        Exif exif = jpeg == null ? Exif.NONE : jpeg.exif();
        boolean swap = Orientation.swapsAxes(exif.orientation());
        ImageInfo info = new ImageInfo(format, swap ? height : width, swap ? width : height,
            exif.orientation(), exif.capturedAt());
        return new Inspection(info, width, height, jpeg);
    }

    /**
     * What {@link #inspect} finds for a whole JPEG file, from its head and the size {@code width} x {@code height}
     * (upright) that a probe of the whole file found before: the EXIF must lie in the head, the frame header need
     * not (some cameras put hundreds of KB of maker data before it), but where it does it must agree. Empty when
     * the head cannot settle it, or the file breaks a limit; the whole file then decides.
     */
    static Optional<Inspection> inspectHead(ImageHead head, int width, int height, ImageLimits limits) {
        byte[] bytes = head.bytes();
        if (bytes.length == 0 || ImageFormat.sniff(bytes) != ImageFormat.JPEG) {
            return Optional.empty();
        }
        JpegHeader jpeg = JpegHeader.scan(bytes);
        try {
            requireSizeWithin(head.fileSize(), limits);
            // A frame header beyond the head leaves the scans unknown: the whole file settles those.
            requirePixelsWithin(width, height, jpeg.width() != 0 && jpeg.multiScan(), limits);
        } catch (ImageRejectedException e) {
            return Optional.empty();
        }
        boolean swap = Orientation.swapsAxes(jpeg.exif().orientation());
        int storedWidth = swap ? height : width;
        int storedHeight = swap ? width : height;
        if (jpeg.width() != 0 && (jpeg.width() != storedWidth || jpeg.height() != storedHeight)) {
            return Optional.empty();
        }
        return Optional.of(new Inspection(new ImageInfo(ImageFormat.JPEG, width, height, jpeg.exif().orientation(),
            jpeg.exif().capturedAt()), storedWidth, storedHeight, jpeg));
    }

    private static void requireSizeWithin(long bytes, ImageLimits limits) {
        if (bytes > limits.maxBytes()) {
            throw new ImageRejectedException(RejectReason.TOO_LARGE,
                "the image has " + bytes + " bytes, the limit is " + limits.maxBytes());
        }
    }

    /**
     * The check every decode passes before its reader allocates a pixel: {@link ImageDecoder} repeats it on the size
     * its reader finds, for the frame and for an EXIF thumbnail alike.
     *
     * @param multiScan whether the image is a JPEG in several scans ({@link JpegHeader#multiScan})
     */
    static void requirePixelsWithin(int width, int height, boolean multiScan, ImageLimits limits) {
        long pixels = (long) width * height;
        long limit = limits.maxPixels(multiScan);
        if (pixels > limit) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS, multiScan
                ? "the header of a progressive or multi-scan JPEG claims " + width + "x" + height + " = " + pixels
                    + " pixels, the limit for those is " + limit + " (its decoder holds the whole image)"
                : "the header claims " + width + "x" + height + " = " + pixels + " pixels, the limit is " + limit);
        }
        if (Math.min(width, height) < limits.minSide()) {
            throw new ImageRejectedException(RejectReason.TOO_SMALL,
                "the image is " + width + "x" + height + ", each side must be at least " + limits.minSide()
                    + " pixels");
        }
    }

    /** An exception's message for a reject detail; some ImageIO exceptions carry none. */
    static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private ImageProbe() {
    }
}
