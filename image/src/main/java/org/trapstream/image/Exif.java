package org.trapstream.image;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * The EXIF fields Trapstream uses: Orientation (IFD0, tag 0x0112), DateTimeOriginal (Exif IFD, tag 0x9003),
 * where the embedded JPEG thumbnail lies (IFD1, tags 0x0201 and 0x0202) and which bytes hold the GPS IFD (IFD0,
 * tag 0x8825) and its values, so they can be blanked. EXIF comes from cameras, editors
 * and uploaders of every quality, so every read is bounds-checked and anything malformed just leaves the field
 * at its default: bad metadata never costs a good image.
 *
 * @param thumbnail the thumbnail's place in the whole file's bytes, or null when there is none
 * @param gps the places in the whole file's bytes that hold GPS data; empty when there is none
 */
record Exif(int orientation, Instant capturedAt, Thumbnail thumbnail, List<Span> gps) {

    static final Exif NONE = new Exif(1, null, null, List.of());

    /** {@code length} bytes from {@code offset} of the file, starting with a JPEG's SOI marker. */
    record Thumbnail(int offset, int length) {
    }

    /** {@code length} bytes from {@code offset} of the file. */
    record Span(int offset, int length) {
    }

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TAG_EXIF_IFD = 0x8769;
    private static final int TAG_DATE_TIME_ORIGINAL = 0x9003;
    private static final int TAG_OFFSET_TIME_ORIGINAL = 0x9011;
    private static final int TAG_THUMBNAIL_OFFSET = 0x0201;
    private static final int TAG_THUMBNAIL_LENGTH = 0x0202;
    private static final int TAG_GPS_IFD = 0x8825;
    /** Bytes per value of each TIFF type, indexed by type (1 BYTE to 12 DOUBLE); 0 for no such type. */
    private static final int[] TYPE_BYTES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8};
    private static final int TYPE_ASCII = 2;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int ENTRY_SIZE = 12;
    /** Longer ASCII values than this are not a date or an offset; the cap keeps a hostile count harmless. */
    private static final int MAX_ASCII = 64;
    private static final DateTimeFormatter EXIF_DATE_TIME =
        DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    /**
     * Reads the TIFF structure that follows {@code "Exif\0\0"} in a JPEG APP1 segment: {@code length} bytes
     * of {@code bytes} from {@code start}. Offsets inside it are relative to {@code start}.
     */
    static Exif parse(byte[] bytes, int start, int length) {
        Tiff tiff;
        try {
            tiff = Tiff.open(bytes, start, length);
        } catch (Malformed e) {
            return NONE;
        }
        return new Exif(orientation(tiff), capturedAt(tiff), thumbnail(tiff), gps(tiff));
    }

    /**
     * The GPS IFD (its entry count, entries and link) and every value stored outside it; empty when IFD0 cannot
     * be read or names no GPS IFD with entries. Where a GPS IFD is named but its structure is broken, the whole
     * TIFF structure is given instead: a location must not survive blanking because its metadata was malformed.
     */
    private static List<Span> gps(Tiff tiff) {
        int pointer;
        try {
            pointer = tiff.findEntry(tiff.firstIfd(), TAG_GPS_IFD);
        } catch (Malformed e) {
            return List.of();
        }
        if (pointer < 0) {
            return List.of();
        }
        try {
            int ifd = tiff.offset(pointer + 8);
            int count = tiff.u16(ifd);
            if (count == 0) {
                return List.of();
            }
            int ifdBytes = 2 + count * ENTRY_SIZE;
            tiff.check(ifd, ifdBytes);
            List<Span> spans = new ArrayList<>();
            // The link to a next IFD is blanked too where present (it should be 0 for a GPS IFD anyway).
            spans.add(new Span(tiff.start + ifd, ifd + ifdBytes + 4 <= tiff.length ? ifdBytes + 4 : ifdBytes));
            for (int i = 0; i < count; i++) {
                int entry = ifd + 2 + i * ENTRY_SIZE;
                int type = tiff.u16(entry + 2);
                long size = tiff.u32(entry + 4) * (type < TYPE_BYTES.length ? TYPE_BYTES[type] : 0);
                if (type >= TYPE_BYTES.length || TYPE_BYTES[type] == 0 || size > tiff.length) {
                    throw Malformed.INSTANCE;
                }
                if (size > 4) {
                    int at = tiff.offset(entry + 8);
                    tiff.check(at, (int) size);
                    spans.add(new Span(tiff.start + at, (int) size));
                }
            }
            return List.copyOf(spans);
        } catch (Malformed e) {
            return List.of(new Span(tiff.start, tiff.length));
        }
    }

    private static int orientation(Tiff tiff) {
        try {
            int entry = tiff.findEntry(tiff.firstIfd(), TAG_ORIENTATION);
            if (entry < 0 || tiff.u16(entry + 2) != TYPE_SHORT) {
                return 1;
            }
            int value = tiff.u16(entry + 8);
            return value >= 1 && value <= 8 ? value : 1;
        } catch (Malformed e) {
            return 1;
        }
    }

    /**
     * DateTimeOriginal carries no zone. Cameras run on local time, so the EXIF 2.31 OffsetTimeOriginal is
     * applied where present; without it the time is read as UTC, which at least keeps a camera's images
     * in order and comparable with each other.
     */
    private static Instant capturedAt(Tiff tiff) {
        try {
            int pointer = tiff.findEntry(tiff.firstIfd(), TAG_EXIF_IFD);
            if (pointer < 0 || tiff.u16(pointer + 2) != TYPE_LONG) {
                return null;
            }
            int exifIfd = tiff.offset(pointer + 8);
            String dateTime = tiff.ascii(tiff.findEntry(exifIfd, TAG_DATE_TIME_ORIGINAL));
            if (dateTime == null) {
                return null;
            }
            LocalDateTime local = LocalDateTime.parse(dateTime, EXIF_DATE_TIME);
            String offset = tiff.ascii(tiff.findEntry(exifIfd, TAG_OFFSET_TIME_ORIGINAL));
            return local.toInstant(zoneOffset(offset));
        } catch (Malformed | DateTimeException e) {
            return null;
        }
    }

    private static Thumbnail thumbnail(Tiff tiff) {
        try {
            int ifd1 = tiff.nextIfd(tiff.firstIfd());
            if (ifd1 == 0) {
                return null;
            }
            int offset = tiff.inside(tiff.longValue(tiff.findEntry(ifd1, TAG_THUMBNAIL_OFFSET)));
            int length = tiff.longValue(tiff.findEntry(ifd1, TAG_THUMBNAIL_LENGTH));
            if (length < 4 || !tiff.startsWithSoi(offset, length)) {
                return null;
            }
            return new Thumbnail(tiff.start + offset, length);
        } catch (Malformed e) {
            return null;
        }
    }

    private static ZoneOffset zoneOffset(String text) {
        if (text == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneOffset.of(text);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** A bounds-checked view of a TIFF structure; any read outside it throws {@link Malformed}. */
    private static final class Tiff {
        private final byte[] bytes;
        private final int start;
        private final int length;
        private final boolean littleEndian;

        private Tiff(byte[] bytes, int start, int length, boolean littleEndian) {
            this.bytes = bytes;
            this.start = start;
            this.length = length;
            this.littleEndian = littleEndian;
        }

        static Tiff open(byte[] bytes, int start, int length) {
            if (start < 0 || length < 8 || start > bytes.length - length) {
                throw Malformed.INSTANCE;
            }
            boolean little = bytes[start] == 'I' && bytes[start + 1] == 'I';
            boolean big = bytes[start] == 'M' && bytes[start + 1] == 'M';
            Tiff tiff = new Tiff(bytes, start, length, little);
            if (!(little || big) || tiff.u16(2) != 42) {
                throw Malformed.INSTANCE;
            }
            return tiff;
        }

        int firstIfd() {
            return offset(4);
        }

        /** The IFD linked after the one at {@code ifd}, or 0 when it is the last. */
        int nextIfd(int ifd) {
            return offset(ifd + 2 + u16(ifd) * ENTRY_SIZE);
        }

        /** The first value of a SHORT or LONG entry, as a LONG offset or count would be read. */
        int longValue(int entry) {
            if (entry < 0) {
                throw Malformed.INSTANCE;
            }
            int type = u16(entry + 2);
            if (type == TYPE_SHORT) {
                return u16(entry + 8);
            }
            long value = u32(entry + 8);
            if (type != TYPE_LONG || value > Integer.MAX_VALUE) {
                throw Malformed.INSTANCE;
            }
            return (int) value;
        }

        boolean startsWithSoi(int at, int size) {
            check(at, size);
            return (bytes[start + at] & 0xFF) == 0xFF && (bytes[start + at + 1] & 0xFF) == 0xD8;
        }

        /** Position of the entry with this tag in the IFD at {@code ifd}, or -1 when it has none. */
        int findEntry(int ifd, int tag) {
            int count = u16(ifd);
            for (int i = 0; i < count; i++) {
                int entry = ifd + 2 + i * ENTRY_SIZE;
                if (u16(entry) == tag) {
                    return entry;
                }
            }
            return -1;
        }

        /** The value of an ASCII entry up to its NUL, trimmed; null when the entry is absent or not ASCII. */
        String ascii(int entry) {
            if (entry < 0 || u16(entry + 2) != TYPE_ASCII) {
                return null;
            }
            long count = u32(entry + 4);
            if (count < 1 || count > MAX_ASCII) {
                return null;
            }
            int at = count <= 4 ? entry + 8 : offset(entry + 8);
            check(at, (int) count);
            int end = at;
            while (end < at + count && bytes[start + end] != 0) {
                end++;
            }
            return new String(bytes, start + at, end - at, StandardCharsets.US_ASCII).trim();
        }

        /** The offset stored at {@code at}. */
        int offset(int at) {
            return inside(u32(at));
        }

        /** The value as a position inside the structure, which is what every TIFF offset must be. */
        int inside(long value) {
            if (value >= length) {
                throw Malformed.INSTANCE;
            }
            return (int) value;
        }

        int u16(int at) {
            check(at, 2);
            int a = bytes[start + at] & 0xFF;
            int b = bytes[start + at + 1] & 0xFF;
            return littleEndian ? b << 8 | a : a << 8 | b;
        }

        long u32(int at) {
            long first = u16(at);
            long second = u16(at + 2);
            return littleEndian ? second << 16 | first : first << 16 | second;
        }

        void check(int at, int size) {
            if (at < 0 || at > length - size) {
                throw Malformed.INSTANCE;
            }
        }
    }

    /** Control flow out of a broken structure; shared and stackless because it is expected, not exceptional. */
    private static final class Malformed extends RuntimeException {
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super("malformed EXIF", null, false, false);
        }
    }
}
