package org.trapstream.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * OpenCV (JavaCPP) as the yardstick of {@code ./bench decode}: {@code imdecode} of a JPEG, whole or at a DCT
 * scale of 1/2, 1/4 or 1/8 (libjpeg-turbo's scaled IDCT), then an INTER_AREA resize, which is an exact area
 * average when reducing. EXIF orientation is ignored (OpenCV would apply it, also in the reduced modes): the
 * frames compared are all stored upright.
 */
final class OpenCvDecode {

    static {
        // One thread per decode, as in the classifier's decode pool: every path is measured on one core.
        opencv_core.setNumThreads(1);
    }

    /** The exact answer: every pixel decoded, then averaged over the area each target pixel covers. */
    static BufferedImage full(byte[] jpeg, int width, int height) {
        return decode(jpeg, IMREAD_COLOR, width, height);
    }

    /** At the smallest DCT scale whose output still covers {@code width x height}, then area-averaged. */
    static BufferedImage reduced(byte[] jpeg, int frameWidth, int frameHeight, int width, int height) {
        int reduction = reduction(frameWidth, frameHeight, width, height);
        int flag = switch (reduction) {
            case 8 -> IMREAD_REDUCED_COLOR_8;
            case 4 -> IMREAD_REDUCED_COLOR_4;
            case 2 -> IMREAD_REDUCED_COLOR_2;
            default -> IMREAD_COLOR;
        };
        return decode(jpeg, flag, width, height);
    }

    /** 8, 4 or 2 when the frame reduced that much still has the target's size in both axes, else 1. */
    static int reduction(int frameWidth, int frameHeight, int width, int height) {
        for (int reduction = 8; reduction > 1; reduction /= 2) {
            if (frameWidth / reduction >= width && frameHeight / reduction >= height) {
                return reduction;
            }
        }
        return 1;
    }

    private static BufferedImage decode(byte[] jpeg, int flags, int width, int height) {
        try (BytePointer encoded = new BytePointer(jpeg);
             Mat buffer = new Mat(1, jpeg.length, CV_8UC1, encoded);
             Mat decoded = imdecode(buffer, flags | IMREAD_IGNORE_ORIENTATION);
             Mat resized = new Mat();
             Size size = new Size(width, height)) {
            if (decoded.empty()) {
                throw new IllegalStateException("OpenCV could not decode the JPEG");
            }
            resize(decoded, resized, size, 0, 0, INTER_AREA);
            return rgb(resized, width, height);
        }
    }

    /** OpenCV's interleaved BGR bytes as TYPE_INT_RGB, the decoder's output type: the conversion is part of the cost. */
    private static BufferedImage rgb(Mat bgr, int width, int height) {
        byte[] bytes = new byte[width * height * 3];
        bgr.data().get(bytes);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int b = bytes[3 * i] & 0xFF;
            int g = bytes[3 * i + 1] & 0xFF;
            int r = bytes[3 * i + 2] & 0xFF;
            pixels[i] = r << 16 | g << 8 | b;
        }
        return image;
    }

    private OpenCvDecode() {
    }
}
