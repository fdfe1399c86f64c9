package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

import org.trapstream.common.contract.RejectReason;

/**
 * Decodes an image straight to the size a model wants: exactly width x height, TYPE_INT_RGB, upright.
 * See the package documentation for when it reads the EXIF thumbnail or decodes a JPEG at a reduced DCT scale,
 * and why it subsamples and stretches.
 * Stateless and thread-safe.
 */
public final class ImageDecoder {

    /**
     * A camera's thumbnail was downscaled with filtering, not point-sampled like a subsampled frame, so it
     * needs less margin over the target than {@link #subsamplingFactor}'s 2x.
     */
    static final double THUMBNAIL_MARGIN = 1.5;
    static final double THUMBNAIL_ASPECT_TOLERANCE = 0.02;

    /** What an image's pixels were read from: decoding a camera's thumbnail costs a fraction of its frame. */
    public enum Source {
        EXIF_THUMBNAIL, FRAME;

        /** Lower-case name for metrics labels, e.g. {@code "exif_thumbnail"}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A decoded image, exactly the size asked for, and what it was read from. */
    public record Decoded(BufferedImage image, Source source) {
    }

    /**
     * @throws ImageRejectedException for every reason {@link ImageProbe#probe} gives (checked first, with
     *     the same limits), and {@link RejectReason#CORRUPT} when the pixel data is truncated or broken
     * @throws IllegalArgumentException when width or height is not positive
     */
    public static BufferedImage decode(byte[] bytes, int width, int height, ImageLimits limits) {
        return read(bytes, width, height, limits).image();
    }

    /** As {@link #decode}, saying also whether the EXIF thumbnail or the frame was decoded. */
    public static Decoded read(byte[] bytes, int width, int height, ImageLimits limits) {
        return read(bytes, width, height, limits, Decoding.FAST);
    }

    /** As {@link #read(byte[], int, int, ImageLimits)}, decoding as asked. */
    public static Decoded read(byte[] bytes, int width, int height, ImageLimits limits, Decoding decoding) {
        Target target = Target.of(width, height);
        ImageProbe.Inspection inspection = ImageProbe.inspect(bytes, limits);
        if (decoding == Decoding.EXACT) {
            return new Decoded(exact(bytes, inspection, target, limits), Source.FRAME);
        }
        Target stored = target.asStored(inspection);
        Optional<BufferedImage> thumbnail = thumbnail(bytes, inspection, stored, limits,
            place -> endsWithEndOfImage(bytes, place.offset() + place.length()));
        BufferedImage rgb = thumbnail.orElseGet(() -> frame(bytes, inspection, stored, limits));
        return upright(rgb, inspection, stored, thumbnail.isPresent() ? Source.EXIF_THUMBNAIL : Source.FRAME);
    }

    /**
     * {@link Decoding#EXACT}: the whole frame, upright, then Pillow's filter. Pillow turns the frame upright before
     * it resizes, and its passes run rows first and round in between: resizing the stored frame first, as the fast
     * path does, would round in the other order for a quarter turn.
     */
    private static BufferedImage exact(byte[] bytes, ImageProbe.Inspection inspection, Target target,
                                       ImageLimits limits) {
        BufferedImage full = jpegFrame(bytes, inspection, 1).orElseGet(() -> readerFrame(bytes, inspection,
            Target.of(inspection.storedWidth(), inspection.storedHeight()), limits));
        BufferedImage upright = Orientation.apply(full, inspection.info().exifOrientation());
        return PillowBilinear.resize(upright, target.width(), target.height());
    }

    /**
     * What {@link #read} gives for the whole file when it would decode the EXIF thumbnail, from the file's head
     * and the frame's upright size as a probe of the whole file found it ({@link ImageProbe#probe}, which ingest
     * runs on every image it stores): empty when the head does not show a thumbnail that can stand in for the
     * frame, or contradicts that size, or the file breaks a limit. Then read the whole file: this never rejects
     * an image, so {@link #read} stays the judge. The frame's own header is not parsed here (it may lie far
     * beyond the head), as the thumbnail path never decodes the frame's pixels either.
     */
    public static Optional<Decoded> readThumbnail(ImageHead head, int frameWidth, int frameHeight, int width,
                                                  int height, ImageLimits limits) {
        Target target = Target.of(width, height);
        return ImageProbe.inspectHead(head, frameWidth, frameHeight, limits).flatMap(inspection -> {
            Target stored = target.asStored(inspection);
            return thumbnail(head.bytes(), inspection, stored, limits, place -> head.endsWithEndOfImage()
                    && place.offset() + place.length() <= head.fileSize() - 2)
                .map(rgb -> upright(rgb, inspection, stored, Source.EXIF_THUMBNAIL));
        });
    }

    /**
     * A target size; {@link #asStored} is the one to resize to before turning upright, which is cheaper on the
     * small image: for a quarter turn, the requested size with its axes swapped.
     */
    private record Target(int width, int height) {
        static Target of(int width, int height) {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("Target size must be positive: " + width + "x" + height);
            }
            return new Target(width, height);
        }

        Target asStored(ImageProbe.Inspection inspection) {
            return Orientation.swapsAxes(inspection.info().exifOrientation()) ? new Target(height, width) : this;
        }
    }

    private static Decoded upright(BufferedImage rgb, ImageProbe.Inspection inspection, Target stored, Source source) {
        return new Decoded(Orientation.apply(Resizer.resize(rgb, stored.width(), stored.height()),
            inspection.info().exifOrientation()), source);
    }

    /**
     * Largest whole subsampling factor that still leaves at least twice the target in both axes: decoding
     * (and converting) only every n-th pixel is what makes a 3 MP frame cheap, and the 2x margin leaves the
     * resizer real pixels to average.
     */
    static int subsamplingFactor(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        int factor = Math.min(sourceWidth / (2 * targetWidth), sourceHeight / (2 * targetHeight));
        return Math.max(1, factor);
    }

    /**
     * Whether an EXIF thumbnail of this size can stand in for a frame of that size at this target: at least
     * {@link #THUMBNAIL_MARGIN} times the target in both axes, and the frame's aspect ratio within
     * {@link #THUMBNAIL_ASPECT_TOLERANCE} (a letterboxed or cropped thumbnail shows other pixels).
     */
    static boolean thumbnailFits(int thumbnailWidth, int thumbnailHeight, int frameWidth, int frameHeight,
                                 int targetWidth, int targetHeight) {
        boolean largeEnough = thumbnailWidth >= THUMBNAIL_MARGIN * targetWidth
            && thumbnailHeight >= THUMBNAIL_MARGIN * targetHeight;
        double aspectError = Math.abs((double) thumbnailWidth * frameHeight / ((double) thumbnailHeight * frameWidth) - 1);
        return largeEnough && aspectError <= THUMBNAIL_ASPECT_TOLERANCE;
    }

    /**
     * The frame itself: a JPEG at least twice the target at a reduced DCT scale, reduced with Pillow's bilinear
     * filter ({@link PillowBilinear}); anything else (and a JPEG that libjpeg-turbo warned about) by the JDK's
     * reader, subsampled while reading. libjpeg-turbo reads the frame header the probe checked against the limits;
     * the JDK's reader checks the size it reads itself again.
     */
    private static BufferedImage frame(byte[] bytes, ImageProbe.Inspection inspection, Target target,
                                       ImageLimits limits) {
        int reduction = ScaledJpeg.reduction(inspection.storedWidth(), inspection.storedHeight(), target.width(),
            target.height());
        Optional<BufferedImage> scaled = reduction == 0 ? Optional.empty() : jpegFrame(bytes, inspection, reduction);
        return scaled.map(rgb -> PillowBilinear.resize(rgb, target.width(), target.height()))
            .orElseGet(() -> readerFrame(bytes, inspection, target, limits));
    }

    /**
     * A JPEG frame decoded by libjpeg-turbo at 1/{@code reduction} of its size (see {@link ScaledJpeg}); empty for
     * other formats, CMYK and YCCK (converted by hand in {@link #readPixels}), and JPEGs that libjpeg-turbo warned
     * about: the JDK's reader judges those.
     */
    private static Optional<BufferedImage> jpegFrame(byte[] bytes, ImageProbe.Inspection inspection, int reduction) {
        JpegHeader jpeg = inspection.jpeg();
        return jpeg == null || jpeg.isCmyk() ? Optional.empty() : ScaledJpeg.read(bytes, reduction);
    }

    /** The frame by the JDK's reader, subsampled for {@code target}. Damaged pixel data is rejected. */
    private static BufferedImage readerFrame(byte[] bytes, ImageProbe.Inspection inspection, Target target,
                                             ImageLimits limits) {
        ImageFormat format = inspection.info().format();
        Encoded encoded = new Encoded(format, 0, bytes.length, inspection.jpeg());
        List<String> warnings = new ArrayList<>();
        BufferedImage rgb;
        try {
            rgb = readPixels(bytes, encoded, target, limits, warnings);
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(RejectReason.CORRUPT,
                "the " + format.code() + " data cannot be decoded: " + ImageProbe.describe(e));
        }
        rejectIfPixelsLost(format, warnings);
        return rgb;
    }

    /**
     * The JPEG's EXIF thumbnail, when it can stand in for the frame (see the package documentation); empty
     * when it cannot, or when it does not decode cleanly: a bad thumbnail never costs a good frame. The file
     * must end with an EOI marker past the thumbnail ({@code fileEndsAfter}), so a frame cut off in transfer is
     * still decoded, and rejected, in full.
     *
     * <p>A thumbnail that claims more pixels than its frame in either axis, or than the limits allow (a
     * multi-scan one a share of them), is skipped, not rejected: the frame passed the limits and holds every pixel
     * the thumbnail could, so skipping loses nothing, and decoding the frame costs no more than the limits allow.
     */
    private static Optional<BufferedImage> thumbnail(byte[] bytes, ImageProbe.Inspection inspection, Target target,
                                                     ImageLimits limits, Predicate<Exif.Thumbnail> fileEndsAfter) {
        Exif.Thumbnail place = inspection.jpeg() == null ? null : inspection.jpeg().exif().thumbnail();
        if (place == null || !fileEndsAfter.test(place)) {
            return Optional.empty();
        }
        JpegHeader header = JpegHeader.scan(bytes, place.offset(), place.length());
        if (header.isCmyk() || header.width() > inspection.storedWidth() || header.height() > inspection.storedHeight()
            || !thumbnailFits(header.width(), header.height(), inspection.storedWidth(), inspection.storedHeight(),
                target.width(), target.height())) {
            return Optional.empty();
        }
        Encoded encoded = new Encoded(ImageFormat.JPEG, place.offset(), place.length(), header);
        List<String> warnings = new ArrayList<>();
        try {
            BufferedImage rgb = readPixels(bytes, encoded, target, limits, warnings);
            return warnings.isEmpty() ? Optional.of(rgb) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean endsWithEndOfImage(byte[] bytes, int after) {
        int last = bytes.length - 1;
        return last - 1 >= after && (bytes[last - 1] & 0xFF) == 0xFF && (bytes[last] & 0xFF) == 0xD9;
    }

    /**
     * The pixels, subsampled for the target, once the size the reader itself finds in the header has passed the
     * limits: whatever the probe or a marker scan saw, this is the size the reader would allocate for.
     */
    private static BufferedImage readPixels(byte[] bytes, Encoded encoded, Target target, ImageLimits limits,
                                            List<String> warnings) throws IOException {
        try (ImageReaders.Opened opened = ImageReaders.open(encoded.format(), bytes, encoded.offset(), encoded.length())) {
            ImageReader reader = opened.reader();
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            ImageProbe.requirePixelsWithin(width, height, encoded.isMultiScanJpeg(), limits);
            // Warnings arrive on this thread, during read.
            reader.addIIOReadWarningListener((ignored, warning) -> warnings.add(warning));
            ImageReadParam param = reader.getDefaultReadParam();
            int factor = subsamplingFactor(width, height, target.width(), target.height());
            param.setSourceSubsampling(factor, factor, 0, 0);
            return encoded.isCmykJpeg()
                ? RgbConversion.fromCmyk(reader.readRaster(0, param), encoded.jpeg().adobeTransform())
                : RgbConversion.toRgb(reader.read(0, param));
        }
    }

    /** Encoded pixels to read: the whole file, or the thumbnail inside it. {@code jpeg} is null for other formats. */
    private record Encoded(ImageFormat format, int offset, int length, JpegHeader jpeg) {
        boolean isCmykJpeg() {
            return jpeg != null && jpeg.isCmyk();
        }

        boolean isMultiScanJpeg() {
            return jpeg != null && jpeg.multiScan();
        }
    }

    /**
     * A truncated or damaged JPEG still "decodes": libjpeg fills the missing part with grey and only warns.
     * Those images are rejected. Harmless warnings pass: a missing EOI marker after complete scan data, or
     * stray bytes between markers, which some cameras write into every file.
     */
    private static void rejectIfPixelsLost(ImageFormat format, List<String> warnings) {
        for (String warning : warnings) {
            String text = warning.toLowerCase(Locale.ROOT);
            if (text.contains("premature end") || (text.contains("corrupt") && !text.contains("extraneous bytes"))) {
                throw new ImageRejectedException(RejectReason.CORRUPT,
                    "the " + format.code() + " data is truncated or damaged: " + warning);
            }
        }
    }

    private ImageDecoder() {
    }
}
