package org.trapstream.bench;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenCvDecodeTest {

    @Test
    void picksTheSmallestDctScaleThatStillCoversTheTarget() {
        assertEquals(4, OpenCvDecode.reduction(2048, 1536, 224, 224));   // 256x192 would be short of 224
        assertEquals(2, OpenCvDecode.reduction(2048, 1536, 480, 480));
        assertEquals(8, OpenCvDecode.reduction(5472, 3648, 224, 224));
        assertEquals(4, OpenCvDecode.reduction(5472, 3648, 480, 480));
        assertEquals(1, OpenCvDecode.reduction(300, 300, 224, 224));
    }

    @Test
    void aReducedDecodeIsCloseToTheReference() {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(1600, 1200), 0.9f);

        BufferedImage reference = OpenCvDecode.full(jpeg, 224, 224);
        BufferedImage reduced = OpenCvDecode.reduced(jpeg, 1600, 1200, 224, 224);

        assertEquals(BufferedImage.TYPE_INT_RGB, reduced.getType());
        assertEquals(new PixelError(0, 0), PixelError.between(reference, reference));
        double error = PixelError.between(reference, reduced).meanAbsolute();
        assertTrue(error > 0 && error < 3, "mean absolute error per channel " + error);
    }
}
