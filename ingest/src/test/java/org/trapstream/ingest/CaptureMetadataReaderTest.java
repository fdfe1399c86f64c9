package org.trapstream.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Capture;
import org.trapstream.ingest.CaptureMetadataReader.Part;
import org.trapstream.ingest.CaptureMetadataReader.Reading;
import org.trapstream.testkit.SharedDatasets;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureMetadataReaderTest {

    private static final Pattern BORNEO_NAME =
        Pattern.compile("Station[A-Z]__(\\d{4})-(\\d\\d)-(\\d\\d)__(\\d\\d)-(\\d\\d)-(\\d\\d).*\\.jpg");

    private final Random random = new Random(7);

    @Test
    void reconyxBurstCarriesItsFramesAndTriggerFromTheMakerNote() throws IOException {
        Path media = SharedDatasets.requireBeside("schemas/camtrap-dp-1.0.2").resolve("example/media");
        List<Path> burst = files(media, ".JPG");
        assertEquals(10, burst.size(), "the example's ten-frame burst");

        List<Capture> captures = burst.stream().map(CaptureMetadataReaderTest::readClean).toList();

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), captures.stream().map(Capture::frame).toList());
        for (Capture capture : captures) {
            assertEquals(10, capture.frames());
            assertEquals(4L, capture.event(), "one trigger for the whole burst");
            assertEquals("RECONYX", capture.make());
            assertEquals("HYPERFIRE 2 COVERT", capture.model());
            assertNull(capture.cameraOffset(), "Reconyx writes no OffsetTimeOriginal");
            assertNull(capture.latitude());
        }
        assertEquals(LocalDateTime.parse("2021-04-11T20:43:09"), captures.get(0).cameraTime());
    }

    @Test
    void serengetiFramesHaveTheirClockAndNoEmptyMakeOrModel() throws IOException {
        Path images = SharedDatasets.require(SharedDatasets.SERENGETI).resolve("images");

        Capture first = readClean(images.resolve("S1_D04_R6_PICT0020.JPG"));

        assertEquals(LocalDateTime.parse("2010-08-19T18:24:57"), first.cameraTime());
        assertNull(first.make(), "the camera wrote an empty Make");
        assertNull(first.model());
        assertNull(first.frame(), "no maker note metadata-extractor reads a burst from");
        for (Path image : files(images, ".JPG")) {
            assertTrue(readClean(image).cameraTime().getYear() == 2010, image.toString());
        }
    }

    @Test
    void borneoCaptureTimesMatchTheTimesInTheirNames() throws IOException {
        Path test = SharedDatasets.require(SharedDatasets.BORNEO).resolve("test");
        List<Path> images;
        try (Stream<Path> walk = Files.walk(test)) {
            images = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertFalse(images.isEmpty());
        for (Path image : images) {
            Matcher name = BORNEO_NAME.matcher(image.getFileName().toString());
            assertTrue(name.matches(), image.toString());
            Capture capture = readClean(image);
            assertEquals(LocalDateTime.of(Integer.parseInt(name.group(1)), Integer.parseInt(name.group(2)),
                Integer.parseInt(name.group(3)), Integer.parseInt(name.group(4)), Integer.parseInt(name.group(5)),
                Integer.parseInt(name.group(6))), capture.cameraTime(), image.toString());
            assertTrue(capture.make().matches("G\\d(\\.\\d)?"), "the firmware in Make, trailing blanks trimmed: "
                + capture.make());
            assertEquals("CUDDEBACK", capture.model());
        }
    }

    @Test
    void subSecondsOffsetAndGpsAreRead() {
        byte[] jpeg = new CraftedExif().make("Bushnell").model("Core DS-4K")
            .dateTimeOriginal("2024:06:01 05:59:58").subSecTimeOriginal("25").offsetTimeOriginal("+03:00")
            .gps(-2.3333, 34.8333).onto(jpeg());

        Capture capture = readClean(jpeg);

        assertEquals(LocalDateTime.parse("2024-06-01T05:59:58.25"), capture.cameraTime());
        assertEquals(ZoneOffset.ofHours(3), capture.cameraOffset());
        assertEquals("Bushnell", capture.make());
        assertEquals("Core DS-4K", capture.model());
        assertEquals(-2.3333, capture.latitude(), 1e-4);
        assertEquals(34.8333, capture.longitude(), 1e-4);
    }

    @Test
    void aClockWithoutOffsetHasNone() {
        Capture capture = readClean(new CraftedExif().dateTimeOriginal("2024:06:01 05:59:58").onto(jpeg()));

        assertEquals(LocalDateTime.parse("2024-06-01T05:59:58"), capture.cameraTime());
        assertNull(capture.cameraOffset());
    }

    @Test
    void garbageDateIsLeftOutAndCounted() {
        Reading reading = CaptureMetadataReader.read(new CraftedExif().make("Acme")
            .dateTimeOriginal("garbage-garbage").offsetTimeOriginal("+01:00").onto(jpeg()));

        assertNull(reading.capture().cameraTime());
        assertNull(reading.capture().cameraOffset(), "an offset without a clock says nothing");
        assertEquals("Acme", reading.capture().make(), "the rest of the metadata is kept");
        assertEquals(Set.of(Part.TIME), reading.dropped());
    }

    @Test
    void impossibleDateOffsetAndSubSecondsAreLeftOut() {
        Reading feb30 = CaptureMetadataReader.read(new CraftedExif().dateTimeOriginal("2024:02:30 10:00:00")
            .onto(jpeg()));
        assertNull(feb30.capture().cameraTime());
        assertEquals(Set.of(Part.TIME), feb30.dropped());

        Reading badOffset = CaptureMetadataReader.read(new CraftedExif().dateTimeOriginal("2024:02:03 10:00:00")
            .subSecTimeOriginal("x7").offsetTimeOriginal("+99:99").onto(jpeg()));
        assertEquals(LocalDateTime.parse("2024-02-03T10:00:00"), badOffset.capture().cameraTime(),
            "sub-seconds that are not digits are ignored");
        assertNull(badOffset.capture().cameraOffset());
        assertEquals(Set.of(Part.OFFSET), badOffset.dropped());
    }

    @Test
    void makeAndModelAreCleanedAndCut() {
        Capture capture = readClean(new CraftedExif().make("Evil\u0007\r\nCam  ").model("M".repeat(500)).onto(jpeg()));

        assertEquals("EvilCam", capture.make());
        assertEquals("M".repeat(64), capture.model());
    }

    @Test
    void gpsOffTheGlobeIsLeftOut() {
        Reading reading = CaptureMetadataReader.read(new CraftedExif().gps(95, 200).onto(jpeg()));

        assertNull(reading.capture().latitude());
        assertEquals(Set.of(Part.GPS), reading.dropped());
    }

    @Test
    void hostileExifNeverThrows() {
        byte[] junk = new byte[512];
        random.nextBytes(junk);
        byte[] tiffClaimingTooMuch = ByteBuffer.allocate(26).put(new byte[] {'M', 'M', 0, 42}).putInt(8)
            .putShort((short) 1).putShort((short) 0x010F).putShort((short) 2).putInt(Integer.MAX_VALUE)
            .putInt(Integer.MAX_VALUE - 8).putInt(0).array();
        for (byte[] exif : List.of(junk, tiffClaimingTooMuch, new byte[0])) {
            Reading reading = CaptureMetadataReader.read(TestImages.withSegment(jpeg(), TestImages.exifSegment(exif)));
            assertNull(reading.capture().cameraTime());
            assertNull(reading.capture().make());
        }
        Reading notAnImage = CaptureMetadataReader.read(junk);
        assertEquals(Capture.NONE, notAnImage.capture());
        assertEquals(Set.of(Part.ALL), notAnImage.dropped());
    }

    @Test
    void anImageWithoutExifHasNothingAndDropsNothing() {
        Reading reading = CaptureMetadataReader.read(jpeg());

        assertEquals(Capture.NONE, reading.capture());
        assertTrue(reading.dropped().isEmpty());
    }

    private byte[] jpeg() {
        return TestImages.encode(TestImages.noise(random, 48, 32), "jpeg");
    }

    private static Capture readClean(Path file) {
        try {
            return readClean(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Capture readClean(byte[] image) {
        Reading reading = CaptureMetadataReader.read(image);
        assertTrue(reading.dropped().isEmpty(), () -> "dropped " + reading.dropped());
        return reading.capture();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
