package org.trapstream.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trapstream.testkit.TestImages;

class ExifTest {

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void readsOrientationAndCaptureTimeInBothByteOrders(String byteOrder) {
        ByteOrder order = "BIG_ENDIAN".equals(byteOrder) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] tiff = TestImages.exifTiff(order, 6, "2024:05:01 06:30:15", null);

        Exif exif = Exif.parse(tiff, 0, tiff.length);

        assertEquals(6, exif.orientation());
        assertEquals(Instant.parse("2024-05-01T06:30:15Z"), exif.capturedAt());
    }

    @Test
    void appliesOffsetTimeOriginalWhenPresent() {
        byte[] tiff = TestImages.exifTiff(ByteOrder.LITTLE_ENDIAN, 1, "2024:05:01 06:30:15", "+03:00");

        assertEquals(Instant.parse("2024-05-01T03:30:15Z"), Exif.parse(tiff, 0, tiff.length).capturedAt());
    }

    @Test
    void readsWithinALargerBuffer() {
        byte[] tiff = TestImages.exifTiff(ByteOrder.BIG_ENDIAN, 8, "2019:12:31 23:59:59", null);
        byte[] buffer = new byte[tiff.length + 20];
        System.arraycopy(tiff, 0, buffer, 10, tiff.length);

        Exif exif = Exif.parse(buffer, 10, tiff.length);

        assertEquals(8, exif.orientation());
        assertEquals(Instant.parse("2019-12-31T23:59:59Z"), exif.capturedAt());
    }

    @Test
    void findsTheThumbnailInIfdOneWithinTheWholeFile() {
        byte[] thumbnail = TestImages.jpeg(TestImages.scene(40, 30));
        byte[] jpeg = TestImages.withExifThumbnail(TestImages.jpeg(TestImages.scene(80, 60)), thumbnail);

        Exif.Thumbnail place = JpegHeader.scan(jpeg).exif().thumbnail();

        assertEquals(thumbnail.length, place.length());
        assertArrayEquals(thumbnail, Arrays.copyOfRange(jpeg, place.offset(), place.offset() + place.length()));
    }

    @Test
    void ignoresAThumbnailThatIsNotThereOrRunsPastTheBlock() {
        byte[] tiff = TestImages.exifTiff(ByteOrder.BIG_ENDIAN, 6, null, null);
        assertNull(Exif.parse(tiff, 0, tiff.length).thumbnail(), "no IFD1");

        byte[] segment = TestImages.withExifThumbnail(TestImages.jpeg(TestImages.scene(80, 60)),
            TestImages.jpeg(TestImages.scene(40, 30)));
        int tiffStart = 2 + 4 + 6;
        int lengthValue = tiffStart + 14 + 2 + 12 + 8;
        ByteBuffer.wrap(segment).putInt(lengthValue, 1_000_000);
        assertNull(JpegHeader.scan(segment).exif().thumbnail(), "length past the EXIF block");
    }

    @Test
    void ignoresImpossibleValues() {
        byte[] badOrientation = TestImages.exifTiff(ByteOrder.BIG_ENDIAN, 9, "0000:00:00 00:00:00", null);
        Exif exif = Exif.parse(badOrientation, 0, badOrientation.length);

        assertEquals(1, exif.orientation());
        assertNull(exif.capturedAt(), "the all-zero date cameras write when their clock was never set");

        byte[] feb30 = TestImages.exifTiff(ByteOrder.BIG_ENDIAN, 3, "2023:02:30 12:00:00", null);
        assertNull(Exif.parse(feb30, 0, feb30.length).capturedAt());
        assertEquals(3, Exif.parse(feb30, 0, feb30.length).orientation());
    }

    @Test
    void ignoresStructuresThatPointOutside() {
        byte[] tiff = TestImages.exifTiff(ByteOrder.BIG_ENDIAN, 6, "2024:05:01 06:30:15", null);

        byte[] ifdPastEnd = tiff.clone();
        ByteBuffer.wrap(ifdPastEnd).putInt(4, 0x7FFFFFF0);
        assertEquals(Exif.NONE, Exif.parse(ifdPastEnd, 0, ifdPastEnd.length));

        byte[] hugeEntryCount = tiff.clone();
        ByteBuffer.wrap(hugeEntryCount).putShort(8, (short) 0xFFFF);
        assertEquals(6, Exif.parse(hugeEntryCount, 0, hugeEntryCount.length).orientation(),
            "the entries that exist are still read");

        assertEquals(Exif.NONE, Exif.parse(tiff, 0, 7), "shorter than a TIFF header");
        assertEquals(Exif.NONE, Exif.parse(tiff, tiff.length - 2, 8), "runs past the buffer");
        assertEquals(Exif.NONE, Exif.parse("not a tiff header".getBytes(), 0, 17));
        assertNull(Exif.parse(tiff, 0, tiff.length - 8).capturedAt(), "capture time cut off");
    }

    @Test
    void randomDamageNeverThrows() {
        byte[] tiff = TestImages.exifTiff(ByteOrder.LITTLE_ENDIAN, 6, "2024:05:01 06:30:15", "+01:00");
        Random random = new Random(20240501);
        for (int round = 0; round < 5_000; round++) {
            byte[] damaged = tiff.clone();
            int flips = 1 + random.nextInt(6);
            for (int i = 0; i < flips; i++) {
                damaged[2 + random.nextInt(damaged.length - 2)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(damaged.length + 1) : damaged.length;

            Exif exif = Exif.parse(damaged, 0, length);

            assertTrue(exif.orientation() >= 1 && exif.orientation() <= 8,
                "round " + round + ": " + exif + " from " + Arrays.toString(damaged));
        }
    }
}
