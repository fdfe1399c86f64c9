package org.trapstream.common.config;

import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.LONG;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/** The limits every role that reads images applies to them, so ingest accepts only what the others can decode. */
public final class ImageSettings {

    public static final String IMAGE_MAX_BYTES = "image.max.bytes";
    public static final String IMAGE_MAX_PIXELS = "image.max.pixels";
    public static final String IMAGE_MIN_SIDE = "image.min.side";
    public static final String IMAGE_PROGRESSIVE_PIXEL_SHARE = "image.progressive.pixel.share";

    public static final ConfigDef DEFINITION = new ConfigDef("images")
        .define(IMAGE_MAX_BYTES, INT, "16777216", between(1024, 67108864), MEDIUM,
            "Largest accepted image, in bytes; larger ones are rejected with reason `too_large`.")
        .define(IMAGE_MAX_PIXELS, LONG, "50000000", atLeast(1), LOW,
            "Largest accepted width x height, read from the header before decoding (decompression-bomb guard).")
        .define(IMAGE_MIN_SIDE, INT, "16", atLeast(1), LOW,
            "Smallest accepted width or height in pixels; smaller images are rejected with reason `too_small`.")
        .define(IMAGE_PROGRESSIVE_PIXEL_SHARE, DOUBLE, "0.5", between(0.01, 1), LOW,
            "Share of `image.max.pixels` a progressive JPEG may claim: its decoder holds every DCT coefficient, "
                + "up to 6 bytes per pixel, where a baseline JPEG is decoded a row at a time.");

    private ImageSettings() {
    }
}
