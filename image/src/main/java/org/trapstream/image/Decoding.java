package org.trapstream.image;

import java.util.Locale;

/**
 * How {@link ImageDecoder} gets from a file to the input size: the pixels a PyTorch pipeline would give the
 * network, or close ones for a fraction of the cost.
 */
public enum Decoding {

    /**
     * Byte for byte what {@code PIL.Image.open}, {@code ImageOps.exif_transpose}, {@code convert("RGB")} and
     * torchvision's {@code Resize} (Pillow's bilinear filter) give for a JPEG: the whole frame decoded by
     * libjpeg-turbo as Pillow decodes it (accurate integer IDCT, smooth chroma upsampling), turned upright, then
     * resized in Pillow's fixed-point arithmetic. Never the EXIF thumbnail.
     */
    EXACT,

    /**
     * The camera's EXIF thumbnail when it is large enough, otherwise a JPEG decoded at the DCT scale that leaves
     * twice the target and reduced with Pillow's filter, or the JDK's reader subsampling while reading: within
     * a few grey levels of {@link #EXACT}, and what the networks trained here learn from.
     */
    FAST;

    /** Lower-case name, as manifests and metadata spell it, e.g. {@code "exact"}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
