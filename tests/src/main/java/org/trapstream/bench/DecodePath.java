package org.trapstream.bench;

import java.awt.image.BufferedImage;
import java.util.List;

import org.trapstream.image.Decoding;
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

    /** The paths measured, the reference ({@code exact}: Pillow's pixels) last. */
    static List<DecodePath> all(ImageLimits limits) {
        return List.of(
            new DecodePath("fast", "ImageDecoder.read with Decoding.FAST: DCT scale leaving twice the target,"
                + " Pillow's filter (what the networks trained here see)",
                (frame, side) -> ImageDecoder.read(frame.bytes(), side, side, limits, Decoding.FAST).image()),
            new DecodePath("opencv", "OpenCV IMREAD_REDUCED_2/4/8 at the smallest scale covering the target"
                + " + INTER_AREA",
                (frame, side) -> OpenCvDecode.reduced(frame.bytes(), frame.width(), frame.height(), side, side)),
            new DecodePath("area", "full decode + exact area average (OpenCV IMREAD_COLOR + INTER_AREA)",
                (frame, side) -> OpenCvDecode.full(frame.bytes(), side, side)),
            new DecodePath("exact", "ImageDecoder.read with Decoding.EXACT: full decode + Pillow's fixed-point"
                + " bilinear filter, byte for byte what PIL and torchvision's Resize give (imported networks' default)",
                (frame, side) -> ImageDecoder.read(frame.bytes(), side, side, limits, Decoding.EXACT).image()));
    }

    /** The path the others' errors are measured against: the last of {@link #all}. */
    static DecodePath reference(List<DecodePath> paths) {
        return paths.get(paths.size() - 1);
    }

    BufferedImage decode(Frame frame, int side) {
        return decode.apply(frame, side);
    }
}
