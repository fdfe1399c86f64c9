package org.trapstream.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.trapstream.testkit.TestImages;

/**
 * Writes the EXIF a camera would, tag by tag, into a JPEG: IFD0 (Make, Model), the Exif IFD (DateTimeOriginal,
 * SubSecTimeOriginal, OffsetTimeOriginal) and the GPS IFD, as a big-endian TIFF block in an APP1 segment. Values are
 * written as given, so a test can write garbage where a camera writes a date.
 */
final class CraftedExif {

    private record Entry(int tag, int type, int count, byte[] value) {
    }

    private static final int ASCII = 2;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;

    private final List<Entry> ifd0 = new ArrayList<>();
    private final List<Entry> exif = new ArrayList<>();
    private final List<Entry> gps = new ArrayList<>();

    CraftedExif make(String make) {
        return with(ifd0, ascii(0x010F, make));
    }

    CraftedExif model(String model) {
        return with(ifd0, ascii(0x0110, model));
    }

    CraftedExif dateTimeOriginal(String value) {
        return with(exif, ascii(0x9003, value));
    }

    CraftedExif subSecTimeOriginal(String value) {
        return with(exif, ascii(0x9291, value));
    }

    CraftedExif offsetTimeOriginal(String value) {
        return with(exif, ascii(0x9011, value));
    }

    private CraftedExif with(List<Entry> ifd, Entry entry) {
        ifd.add(entry);
        return this;
    }

    /** Degrees, minutes and seconds with their N/S and E/W references, as GPS receivers write them. */
    CraftedExif gps(double latitude, double longitude) {
        gps.add(ascii(0x0001, latitude < 0 ? "S" : "N"));
        gps.add(new Entry(0x0002, RATIONAL, 3, degreesMinutesSeconds(Math.abs(latitude))));
        gps.add(ascii(0x0003, longitude < 0 ? "W" : "E"));
        gps.add(new Entry(0x0004, RATIONAL, 3, degreesMinutesSeconds(Math.abs(longitude))));
        return this;
    }

    /** The JPEG with this EXIF block right after SOI. */
    byte[] onto(byte[] jpeg) {
        return TestImages.withSegment(jpeg, TestImages.exifSegment(tiff()));
    }

    byte[] tiff() {
        List<Entry> first = new ArrayList<>(ifd0);
        int ifd0At = 8;
        int exifAt = ifd0At + size(ifd0.size() + (exif.isEmpty() ? 0 : 1) + (gps.isEmpty() ? 0 : 1));
        int gpsAt = exifAt + (exif.isEmpty() ? 0 : size(exif.size()));
        int dataAt = gpsAt + (gps.isEmpty() ? 0 : size(gps.size()));
        if (!exif.isEmpty()) {
            first.add(new Entry(0x8769, LONG, 1, ByteBuffer.allocate(4).putInt(exifAt).array()));
        }
        if (!gps.isEmpty()) {
            first.add(new Entry(0x8825, LONG, 1, ByteBuffer.allocate(4).putInt(gpsAt).array()));
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer tiff = ByteBuffer.allocate(dataAt);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0At);
        for (List<Entry> ifd : List.of(first, exif, gps)) {
            if (ifd.isEmpty()) {
                continue;
            }
            tiff.putShort((short) ifd.size());
            for (Entry entry : ifd.stream().sorted(Comparator.comparingInt(Entry::tag)).toList()) {
                tiff.putShort((short) entry.tag()).putShort((short) entry.type()).putInt(entry.count());
                if (entry.value().length <= 4) {
                    tiff.put(Arrays.copyOf(entry.value(), 4));
                } else {
                    tiff.putInt(dataAt + data.size());
                    data.writeBytes(entry.value());
                    if (data.size() % 2 == 1) {
                        data.write(0);
                    }
                }
            }
            tiff.putInt(0);
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(tiff.array());
        whole.writeBytes(data.toByteArray());
        return whole.toByteArray();
    }

    private static int size(int entries) {
        return 2 + 12 * entries + 4;
    }

    private static Entry ascii(int tag, String value) {
        byte[] text = (value + "\0").getBytes(StandardCharsets.ISO_8859_1);
        return new Entry(tag, ASCII, text.length, text);
    }

    private static byte[] degreesMinutesSeconds(double value) {
        int degrees = (int) value;
        int minutes = (int) ((value - degrees) * 60);
        long centiSeconds = Math.round(((value - degrees) * 60 - minutes) * 60 * 100);
        return ByteBuffer.allocate(24).putInt(degrees).putInt(1).putInt(minutes).putInt(1)
            .putInt((int) centiSeconds).putInt(100).array();
    }
}
