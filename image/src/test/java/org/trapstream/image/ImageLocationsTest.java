package org.trapstream.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLocationsTest {

    private final byte[] plain = TestImages.jpeg(TestImages.noise(new Random(7), 64, 48));
    private final byte[] located = TestImages.withExifGps(plain, 3, 47, 8);

    @Test
    void removingBlanksTheGpsDataAndNothingElse() throws IOException {
        assertTrue(ImageLocations.present(located));

        byte[] removed = ImageLocations.removed(located);

        assertFalse(ImageLocations.present(removed));
        assertEquals(located.length, removed.length, "blanked in place, not re-encoded");
        assertEquals(3, JpegHeader.scan(removed).exif().orientation(), "the rest of the EXIF is kept");
        assertArrayEquals(pixels(located), pixels(removed));
        int changed = 0;
        for (int i = 0; i < located.length; i++) {
            changed += located[i] != removed[i] ? 1 : 0;
        }
        assertTrue(changed > 0 && changed <= 2 + 4 * 12 + 4 + 48, "only the GPS IFD and its values: " + changed);
    }

    @Test
    void theLatitudeAndLongitudeValuesAreGone() {
        byte[] removed = ImageLocations.removed(located);

        // 47/1 then 30/1 degrees and minutes, little-endian, as TestImages writes the latitude
        byte[] latitude = {47, 0, 0, 0, 1, 0, 0, 0, 30, 0, 0, 0, 1, 0, 0, 0};
        assertTrue(indexOf(located, latitude) > 0);
        assertEquals(-1, indexOf(removed, latitude));
    }

    @Test
    void anImageWithoutGpsIsReturnedAsItIs() {
        assertFalse(ImageLocations.present(plain));
        assertSame(plain, ImageLocations.removed(plain));
        byte[] png = TestImages.encode(TestImages.noise(new Random(3), 8, 8), "png");
        assertSame(png, ImageLocations.removed(png));
    }

    @Test
    void aBrokenGpsIfdTakesTheWholeExifWithIt() {
        byte[] broken = located.clone();
        // The GPS IFD's entry count, 4 at its start, becomes far more entries than the block holds.
        int gpsIfd = indexOf(broken, new byte[] {'I', 'I', 42, 0}) + 8 + 2 + 2 * 12 + 4;
        broken[gpsIfd + 1] = 0x7F;

        byte[] removed = ImageLocations.removed(broken);

        assertFalse(ImageLocations.present(removed));
        byte[] latitude = {47, 0, 0, 0, 1, 0, 0, 0};
        assertEquals(-1, indexOf(removed, latitude));
    }

    private static int[] pixels(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
