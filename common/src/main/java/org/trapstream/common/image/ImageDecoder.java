package org.trapstream.common.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

import org.trapstream.common.contract.RejectReason;

/**
 * Decodes an image straight to the size a model wants: exactly width x height, TYPE_INT_RGB, upright.
 * See the package documentation for why it subsamples and stretches. Stateless and thread-safe.
 */
public final class ImageDecoder {

    /**
     * @throws ImageRejectedException for every reason {@link ImageProbe#probe} gives (checked first, with
     *     the same limits), and {@link RejectReason#CORRUPT} when the pixel data is truncated or broken
     * @throws IllegalArgumentException when width or height is not positive
     */
    public static BufferedImage decode(byte[] bytes, int width, int height, ImageLimits limits) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Target size must be positive: " + width + "x" + height);
        }
        ImageProbe.Inspection inspection = ImageProbe.inspect(bytes, limits);
        int orientation = inspection.info().exifOrientation();
        // Resize before turning upright, which is cheaper on the small image; for a quarter turn the size to
        // resize to is the requested one with its axes swapped.
        boolean swap = Orientation.swapsAxes(orientation);
        int storedTargetWidth = swap ? height : width;
        int storedTargetHeight = swap ? width : height;
        List<String> warnings = new ArrayList<>();
        BufferedImage rgb = read(bytes, inspection, storedTargetWidth, storedTargetHeight, warnings);
        rejectIfPixelsLost(inspection.info().format(), warnings);
        return Orientation.apply(Resizer.resize(rgb, storedTargetWidth, storedTargetHeight), orientation);
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

    private static BufferedImage read(byte[] bytes, ImageProbe.Inspection inspection, int targetWidth, int targetHeight,
                                      List<String> warnings) {
        ImageFormat format = inspection.info().format();
        try (ImageReaders.Opened opened = ImageReaders.open(format, bytes)) {
            ImageReader reader = opened.reader();
            // Warnings arrive on this thread, during read.
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            ImageReadParam param = reader.getDefaultReadParam();
            int factor = subsamplingFactor(
                inspection.storedWidth(), inspection.storedHeight(), targetWidth, targetHeight);
            param.setSourceSubsampling(factor, factor, 0, 0);
            return inspection.isCmykJpeg()
                ? RgbConversion.fromCmyk(reader.readRaster(0, param), inspection.jpeg().adobeTransform())
                : RgbConversion.toRgb(reader.read(0, param));
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(RejectReason.CORRUPT,
                "the " + format.code() + " data cannot be decoded: " + ImageProbe.describe(e));
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
