package org.trapstream.bench;

import java.awt.Color;

import org.junit.jupiter.api.Test;
import org.trapstream.image.ImageInfo;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ImageSetTest {

    private static final ImageLimits LIMITS = ImageLimits.defaults();

    @Test
    void strippingExifKeepsThePictureAndDropsTheMetadata() {
        byte[] plain = TestImages.jpeg(TestImages.halves(64, 32, Color.RED, Color.BLUE));
        byte[] withExif = TestImages.withExif(plain, 6, "2024:05:01 06:30:15");
        ImageInfo before = ImageProbe.probe(withExif, LIMITS);

        byte[] stripped = ImageSet.stripExif(withExif);
        ImageInfo after = ImageProbe.probe(stripped, LIMITS);

        assertEquals(6, before.exifOrientation());
        assertNotNull(before.exifCapturedAt());
        assertEquals(1, after.exifOrientation());
        assertNull(after.exifCapturedAt());
        assertEquals(64, after.width());
        assertEquals(32, after.height());
        assertEquals(plain.length, stripped.length, "only the APP1 segment goes");
    }
}
