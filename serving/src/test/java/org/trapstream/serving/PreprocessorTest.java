package org.trapstream.serving;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.image.Decoding;
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

    @Test
    void aWideFrameIsStretchedLetterboxedOrCentreCroppedAsTheVersionSays() {
        // Three vertical bands, red | green | blue, three times as wide as high.
        BufferedImage bands = new BufferedImage(96, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = bands.createGraphics();
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        for (int band = 0; band < 3; band++) {
            g.setColor(colours[band]);
            g.fillRect(band * 32, 0, 32, 32);
        }
        g.dispose();
        byte[] png = TestImages.encode(bands, "png");

        int[] stretched = pixels(fitted(NetworkIo.Resize.STRETCH), png);
        int[] letterboxed = pixels(fitted(NetworkIo.Resize.LETTERBOX), png);
        int[] cropped = pixels(fitted(NetworkIo.Resize.CENTER_CROP), png);

        int middleRow = SIZE / 2 * SIZE;
        assertEquals(0xFF0000, stretched[middleRow + 2], "stretched: all three bands, full height");
        assertEquals(0x0000FF, stretched[middleRow + SIZE - 3]);
        assertEquals(0xFF0000, stretched[2]);
        assertEquals(0x000000, letterboxed[2], "letterboxed: black bars above and below");
        assertEquals(0xFF0000, letterboxed[middleRow + 2], "and every band between them");
        assertEquals(0x0000FF, letterboxed[middleRow + SIZE - 3]);
        assertEquals(0x00FF00, cropped[2], "centre-cropped: the middle band alone");
        assertEquals(0x00FF00, cropped[middleRow + SIZE - 3]);
    }

    @Test
    void channelsLastAndBgrNetworksGetTheirOwnLayout() {
        NetworkIo bgrChannelsLast = new NetworkIo(NetworkIo.Format.ONNX, null, NetworkIo.Layout.NHWC,
            NetworkIo.ColorOrder.BGR, 1.0, NetworkIo.Resize.STRETCH, Decoding.EXACT, null, NetworkIo.OutputKind.LOGITS, null);
        Preprocessor preprocessor = new Preprocessor(metadata(SIZE, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0),
            bgrChannelsLast));

        float[] values = preprocessor.preprocess(TestImages.halves(SIZE, SIZE, new Color(10, 20, 30), Color.BLACK));

        assertArrayEquals(new float[] {30, 20, 10}, Arrays.copyOf(values, 3), "pixel 0: B, G, R with scale 1");
        assertArrayEquals(new long[] {2, SIZE, SIZE, 3}, preprocessor.stack(List.of(values, values)).shape());
    }

    private static Preprocessor fitted(NetworkIo.Resize resize) {
        NetworkIo io = new NetworkIo(NetworkIo.Format.ONNX, null, NetworkIo.Layout.NCHW, NetworkIo.ColorOrder.RGB,
            255.0, resize, Decoding.EXACT, null, NetworkIo.OutputKind.LOGITS, null);
        return new Preprocessor(metadata(SIZE, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), io));
    }

    /** The decoded input as 0xRRGGBB pixels, rounded (a zero mean and unit std leave value / 255). */
    private static int[] pixels(Preprocessor preprocessor, byte[] image) {
        float[] chw = preprocessor.preprocess(image, LIMITS);
        int plane = SIZE * SIZE;
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = Math.round(chw[i] * 255);
            int gr = Math.round(chw[plane + i] * 255);
            int b = Math.round(chw[2 * plane + i] * 255);
            rgb[i] = (snap(r) << 16) | (snap(gr) << 8) | snap(b);
        }
        return rgb;
    }

    /** Band edges blend a little when resized: a channel is either on or off. */
    private static int snap(int channel) {
        return channel > 127 ? 0xFF : 0;
    }

    private static ModelMetadata metadata(int size, List<Double> mean, List<Double> std, NetworkIo io) {
        return ModelMetadata.draft(new JsonObject(), List.of("a", "b"), size, mean, std).withNetwork(io);
    }
}
