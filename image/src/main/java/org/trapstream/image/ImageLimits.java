package org.trapstream.image;

import java.util.Map;

import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * What an image may cost before any pixel is decoded: its size in bytes, the pixel count its header
 * claims (a tiny file can claim gigapixels), its shortest side, and the share of that pixel count a JPEG in several
 * scans (progressive) may claim. libjpeg decodes a baseline JPEG a row of blocks at a time, but holds every DCT
 * coefficient of a multi-scan one until its last scan: 2 bytes per sample, up to 6 bytes per pixel, in native memory.
 */
public record ImageLimits(int maxBytes, long maxPixels, int minSide, double progressiveShare) {

    /** {@code image.progressive.pixel.share}'s default: a progressive 25 MP frame holds at most 150 MB. */
    public static final double DEFAULT_PROGRESSIVE_SHARE = 0.5;

    public ImageLimits {
        if (maxBytes < 1 || maxPixels < 1 || minSide < 1 || !(progressiveShare > 0 && progressiveShare <= 1)) {
            throw new IllegalArgumentException(
                "Image limits must be positive: maxBytes=" + maxBytes + " maxPixels=" + maxPixels
                    + " minSide=" + minSide + " progressiveShare=" + progressiveShare + " (at most 1)");
        }
    }

    public ImageLimits(int maxBytes, long maxPixels, int minSide) {
        this(maxBytes, maxPixels, minSide, DEFAULT_PROGRESSIVE_SHARE);
    }

    /** The limits nobody configured: the keys' defaults. */
    public static ImageLimits defaults() {
        return from(TrapstreamConfig.of(ImageSettings.DEFINITION, Map.of()));
    }

    public static ImageLimits from(TrapstreamConfig config) {
        return new ImageLimits(
            config.getInt(ImageSettings.IMAGE_MAX_BYTES),
            config.getLong(ImageSettings.IMAGE_MAX_PIXELS),
            config.getInt(ImageSettings.IMAGE_MIN_SIDE),
            config.getDouble(ImageSettings.IMAGE_PROGRESSIVE_PIXEL_SHARE));
    }

    /** The most pixels a header may claim: fewer for a multi-scan JPEG, whose decoder keeps the whole image. */
    public long maxPixels(boolean multiScan) {
        return multiScan ? (long) (maxPixels * progressiveShare) : maxPixels;
    }
}
