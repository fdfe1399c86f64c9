package org.trapstream.image;

import java.util.Map;

import org.trapstream.common.config.ImageSettings;
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

    /** The limits nobody configured: the keys' defaults. */
    public static ImageLimits defaults() {
        return from(TrapstreamConfig.of(ImageSettings.DEFINITION, Map.of()));
    }

    public static ImageLimits from(TrapstreamConfig config) {
        return new ImageLimits(
            config.getInt(ImageSettings.IMAGE_MAX_BYTES),
            config.getLong(ImageSettings.IMAGE_MAX_PIXELS),
            config.getInt(ImageSettings.IMAGE_MIN_SIDE));
    }
}
