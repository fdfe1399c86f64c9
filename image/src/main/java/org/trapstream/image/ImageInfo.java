package org.trapstream.image;

import java.time.Instant;

/**
 * What the header of an accepted image says. {@code width} and {@code height} are as displayed, that is
 * after the EXIF orientation (1 when absent; 1-8 as in EXIF). {@code exifCapturedAt} is the EXIF
 * DateTimeOriginal, or null when the image carries none.
 */
public record ImageInfo(ImageFormat format, int width, int height, int exifOrientation, Instant exifCapturedAt) {
}
