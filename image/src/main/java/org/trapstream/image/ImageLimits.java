package org.trapstream.image;

import org.trapstream.common.config.TrapstreamConfig;

/**
 * What an image may cost before any pixel is decoded: its size in bytes, the pixel count its header
 * claims (a tiny file can claim gigapixels) and its shortest side.
 */
public record ImageLimits(int maxBytes, long maxPixels, int minSide) {

    public ImageLimits {
        if (maxBytes < 1 || maxPixels < 1 || minSide < 1) {
            throw new IllegalArgumentException(
                "Image limits must be positive: maxBytes=" + maxBytes + " maxPixels=" + maxPixels
                    + " minSide=" + minSide);
        }
    }

    public static ImageLimits from(TrapstreamConfig config) {
        return new ImageLimits(
            config.getInt(TrapstreamConfig.IMAGE_MAX_BYTES),
            config.getLong(TrapstreamConfig.IMAGE_MAX_PIXELS),
            config.getInt(TrapstreamConfig.IMAGE_MIN_SIDE));
    }
}
