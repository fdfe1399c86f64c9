package org.trapstream.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.trapstream.image.ImageDecoder;
import org.trapstream.image.ImageInfo;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;

/**
 * Scales a stored image down for the pages: its longer side to one of {@link #SIZES} pixels (never up), upright,
 * as a JPEG without metadata (so without the location, for every role). The image module's decoder does the
 * work: the camera's EXIF thumbnail when it is large enough, else the frame at a reduced scale. Blocking.
 */
final class Thumbnails {

    /** The sizes served: a handful, so the cache holds few variants of an image. */
    static final List<Integer> SIZES = List.of(160, 320, 640, 1280);

    private Thumbnails() {
    }

    /**
     * @throws org.trapstream.image.ImageRejectedException when the image cannot be decoded within {@code limits}
     */
    static byte[] scale(byte[] image, int size, ImageLimits limits) {
        ImageInfo info = ImageProbe.probe(image, limits);
        double scale = Math.min(1.0, (double) size / Math.max(info.width(), info.height()));
        int width = Math.max(1, (int) Math.round(info.width() * scale));
        int height = Math.max(1, (int) Math.round(info.height() * scale));
        BufferedImage scaled = ImageDecoder.decode(image, width, height, limits);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(scaled, "jpg", out)) {
                throw new IllegalStateException("The JDK has no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
