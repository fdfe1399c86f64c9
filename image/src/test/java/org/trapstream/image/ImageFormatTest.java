package org.trapstream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trapstream.testkit.TestImages;

class ImageFormatTest {

    private static final BufferedImage IMAGE = TestImages.halves(32, 32, Color.RED, Color.BLUE);

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "gif", "bmp", "tiff"})
    void recognisesWhatImageIoWrites(String code) {
        ImageFormat format = ImageFormat.sniff(TestImages.encode(IMAGE, code));

        assertEquals(code, format.code());
    }

    @Test
    void recognisesWebpAndHeicByTheirContainers() {
        assertEquals(ImageFormat.WEBP, ImageFormat.sniff(ascii("RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0")));
        assertEquals(ImageFormat.HEIC, ImageFormat.sniff(ascii("\0\0\0\u0018ftypheic\0\0\0\0mif1heic")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("\0\0\0\u0018ftypisom\0\0\0\0isomiso2")));
    }

    @Test
    void unknownForTextShortOrMissingBytes() {
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("<html><body>not an image</body></html>")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("BM")), "two bytes are too weak a BMP sign");
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(new byte[0]));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(null));
    }

    @Test
    void onlyJdkReadableFormatsAreDecodable() {
        for (ImageFormat format : ImageFormat.values()) {
            boolean expected = format == ImageFormat.JPEG || format == ImageFormat.PNG
                || format == ImageFormat.GIF || format == ImageFormat.BMP;
            assertEquals(expected, format.decodable(), format.code());
        }
        assertTrue(ImageFormat.JPEG.decodable());
        assertFalse(ImageFormat.WEBP.decodable());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
