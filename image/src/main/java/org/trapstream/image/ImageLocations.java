package org.trapstream.image;

import java.util.Arrays;

/**
 * Where an image was taken, as its EXIF GPS data says: camera traps watch protected species, so a location is
 * not for everyone who may see the picture. Removing it blanks the GPS IFD and its values in place: every other
 * byte, the compressed pixels included, stays as it was, so the image decodes exactly as before.
 * Only JPEG's EXIF is read; any other format is returned as it is.
 */
public final class ImageLocations {

    private ImageLocations() {
    }

    /** Whether the image carries EXIF GPS data. */
    public static boolean present(byte[] image) {
        return !gpsOf(image).gps().isEmpty();
    }

    /** The image without its EXIF GPS data: a blanked copy, or {@code image} itself when it has none. */
    public static byte[] removed(byte[] image) {
        Exif exif = gpsOf(image);
        if (exif.gps().isEmpty()) {
            return image;
        }
        byte[] copy = image.clone();
        for (Exif.Span span : exif.gps()) {
            Arrays.fill(copy, span.offset(), span.offset() + span.length(), (byte) 0);
        }
        return copy;
    }

    private static Exif gpsOf(byte[] image) {
        return ImageFormat.sniff(image) == ImageFormat.JPEG ? JpegHeader.scan(image).exif() : Exif.NONE;
    }
}
