package org.trapstream.bench;

import java.awt.image.BufferedImage;
import java.util.List;

import org.trapstream.image.ImageDecoder;
import org.trapstream.image.ImageLimits;

/**
 * One way of turning a frame into a square model input, as {@code ./bench decode} compares them (square: the
 * networks' inputs are, and the decoder stretches).
 *
 * @param code a short name, also the name of the thread that measures it (Linux keeps 15 characters of it)
 */
record DecodePath(String code, String description, Decode decode) {

    /** A JPEG frame and its stored size. */
    record Frame(byte[] bytes, int width, int height) {}

    @FunctionalInterface
    interface Decode {
        BufferedImage apply(Frame frame, int side);
    }

    static final DecodePath REFERENCE = new DecodePath("ref",
        "full decode + exact area average (OpenCV IMREAD_COLOR + INTER_AREA)",
        (frame, side) -> OpenCvDecode.full(frame.bytes(), side, side));

    /** The paths measured, the reference last. */
    static List<DecodePath> all(ImageLimits limits) {
        return List.of(
            new DecodePath("decoder", "ImageDecoder.read, as the classifier and the trainer decode",
                (frame, side) -> ImageDecoder.read(frame.bytes(), side, side, limits).image()),
            new DecodePath("opencv", "OpenCV IMREAD_REDUCED_2/4/8 at the smallest scale covering the target"
                + " + INTER_AREA",
                (frame, side) -> OpenCvDecode.reduced(frame.bytes(), frame.width(), frame.height(), side, side)),
            REFERENCE);
    }

    BufferedImage decode(Frame frame, int side) {
        return decode.apply(frame, side);
    }
}
