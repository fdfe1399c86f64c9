package org.trapstream.serving;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PreprocessorTest {

    private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 10_000_000, 16);
    private static final int SIZE = 32;
    private static final List<Double> HALF = List.of(0.5, 0.5, 0.5);
    private static final List<Double> QUARTER = List.of(0.25, 0.25, 0.25);

    private final Preprocessor preprocessor = new Preprocessor(SIZE, HALF, QUARTER);
    // Twice the input side, so the decoder really resizes.
    private final byte[] redBlue = TestImages.encode(TestImages.halves(64, 64, Color.RED, Color.BLUE), "png");

    @Test
    void sameBytesGiveIdenticalInputsAcrossInstances() {
        float[] first = preprocessor.preprocess(redBlue, LIMITS);
        float[] again = new Preprocessor(SIZE, HALF, QUARTER).preprocess(redBlue, LIMITS);

        assertEquals(3 * SIZE * SIZE, first.length);
        assertArrayEquals(first, again);
    }

    @Test
    void bytesAndDecodedImagesTakeTheSamePath() {
        BufferedImage decoded = Preprocessor.decode(redBlue, SIZE, LIMITS);

        assertArrayEquals(preprocessor.preprocess(redBlue, LIMITS), preprocessor.preprocess(decoded));
    }

    @Test
    void normalisesPerChannelInChannelFirstOrder() {
        float[] chw = preprocessor.preprocess(redBlue, LIMITS);
        int plane = SIZE * SIZE;
        int leftPixel = 5 * SIZE + 2;             // row 5, column 2: red
        int rightPixel = 5 * SIZE + SIZE - 3;     // row 5, third column from the right: blue

        // (255 / 255 - 0.5) / 0.25 = 2 and (0 / 255 - 0.5) / 0.25 = -2
        assertEquals(2f, chw[leftPixel], 1e-5);
        assertEquals(-2f, chw[plane + leftPixel], 1e-5);
        assertEquals(-2f, chw[2 * plane + leftPixel], 1e-5);
        assertEquals(-2f, chw[rightPixel], 1e-5);
        assertEquals(2f, chw[2 * plane + rightPixel], 1e-5);
    }

    @Test
    void stacksImagesIntoAnNchwBatch() {
        float[] red = preprocessor.preprocess(TestImages.halves(SIZE, SIZE, Color.RED, Color.RED));
        float[] blue = preprocessor.preprocess(TestImages.halves(SIZE, SIZE, Color.BLUE, Color.BLUE));

        INDArray batch = Dl4jEngine.array(preprocessor.stack(List.of(red, blue)));

        assertArrayEquals(new long[] {2, 3, SIZE, SIZE}, batch.shape());
        assertEquals(2f, batch.getFloat(0, 0, 7, 7), 1e-5);
        assertEquals(-2f, batch.getFloat(1, 0, 7, 7), 1e-5);
        assertEquals(2f, batch.getFloat(1, 2, 7, 7), 1e-5);
    }

    @Test
    void refusesImagesOfAnotherSize() {
        BufferedImage wrong = TestImages.halves(SIZE + 1, SIZE, Color.RED, Color.BLUE);

        assertThrows(IllegalArgumentException.class, () -> preprocessor.preprocess(wrong));
    }

    @Test
    void rejectsBytesThatAreNoImage() {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
            () -> preprocessor.preprocess("not an image at all".getBytes(), LIMITS));

        assertEquals(RejectReason.UNSUPPORTED_FORMAT, e.reason());
    }
}
