package org.trapstream.ingest;

import java.io.ByteArrayInputStream;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.exif.makernotes.ReconyxHyperFire2MakernoteDirectory;
import com.drew.metadata.exif.makernotes.ReconyxHyperFireMakernoteDirectory;
import com.drew.metadata.exif.makernotes.ReconyxUltraFireMakernoteDirectory;
import org.trapstream.common.contract.Capture;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.contract.ImageHeaders;

/**
 * Reads what a camera wrote about a picture with metadata-extractor: EXIF DateTimeOriginal with
 * SubSecTimeOriginal and OffsetTimeOriginal, Make and Model, the GPS position, and the burst (frame of frames and
 * trigger counter) from the maker notes that carry one (Reconyx HyperFire, HyperFire 2 and UltraFire). Blocking:
 * call it from a worker.
 *
 * <p>The metadata is untrusted and never fails an image: a part that cannot be read or makes no sense is left out
 * and named in {@link Reading#dropped}, and a file the library cannot read at all yields {@link Capture#NONE}.
 */
final class CaptureMetadataReader {

    /** What may be left out of an image's capture metadata; a metric label, so a small fixed set. */
    enum Part {
        ALL, TIME, OFFSET, GPS, SEQUENCE;

        String code() {
            return EnumCodes.of(this);
        }
    }

    /** The capture as the camera wrote it (not yet placed in time), and the parts that had to be left out. */
    record Reading(Capture capture, Set<Part> dropped) {
    }

    private static final DateTimeFormatter EXIF_DATE_TIME =
        DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SUB_SECONDS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** The maker-note directories with a burst: {frame, frames} under the sequence tag, the trigger counter beside. */
    private static final List<SequenceTags> SEQUENCES = List.of(
        new SequenceTags(ReconyxHyperFireMakernoteDirectory.class, ReconyxHyperFireMakernoteDirectory.TAG_SEQUENCE,
            ReconyxHyperFireMakernoteDirectory.TAG_EVENT_NUMBER),
        new SequenceTags(ReconyxHyperFire2MakernoteDirectory.class, ReconyxHyperFire2MakernoteDirectory.TAG_SEQUENCE,
            ReconyxHyperFire2MakernoteDirectory.TAG_EVENT_NUMBER),
        new SequenceTags(ReconyxUltraFireMakernoteDirectory.class, ReconyxUltraFireMakernoteDirectory.TAG_SEQUENCE,
            ReconyxUltraFireMakernoteDirectory.TAG_EVENT_NUMBER));

    private record SequenceTags(Class<? extends Directory> directory, int sequence, int event) {
    }

    private CaptureMetadataReader() {
    }

    static Reading read(byte[] image) {
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(image), image.length);
        } catch (Exception | StackOverflowError e) {
            // hostile or unknown structure: the image goes on without capture metadata
            return new Reading(Capture.NONE, EnumSet.of(Part.ALL));
        }
        Set<Part> dropped = EnumSet.noneOf(Part.class);
        ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        LocalDateTime cameraTime = cameraTime(exif, dropped);
        ZoneOffset offset = cameraTime == null ? null : offset(exif, dropped);
        double[] position = position(metadata.getFirstDirectoryOfType(GpsDirectory.class), dropped);
        Sequence sequence = sequence(metadata, dropped);
        Capture capture = new Capture(null, null, null, cameraTime, offset,
            text(ifd0, ExifDirectoryBase.TAG_MAKE), text(ifd0, ExifDirectoryBase.TAG_MODEL),
            position == null ? null : position[0], position == null ? null : position[1],
            sequence.frame, sequence.frames, sequence.event);
        return new Reading(capture, dropped);
    }

    private static LocalDateTime cameraTime(ExifSubIFDDirectory exif, Set<Part> dropped) {
        String text = exif == null ? null : exif.getString(ExifDirectoryBase.TAG_DATETIME_ORIGINAL);
        if (text == null) {
            return null;
        }
        try {
            LocalDateTime time = LocalDateTime.parse(text.trim(), EXIF_DATE_TIME);
            String subSeconds = exif.getString(ExifDirectoryBase.TAG_SUBSECOND_TIME_ORIGINAL);
            if (subSeconds != null && SUB_SECONDS.matcher(subSeconds.trim()).matches()) {
                // "25" is a quarter of a second after the DateTimeOriginal: a decimal fraction, not a count
                String digits = subSeconds.trim();
                time = time.withNano(Integer.parseInt(digits) * (int) Math.pow(10, 9 - digits.length()));
            }
            return time;
        } catch (DateTimeParseException e) {
            dropped.add(Part.TIME);
            return null;
        }
    }

    private static ZoneOffset offset(ExifSubIFDDirectory exif, Set<Part> dropped) {
        String text = exif.getString(ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ZoneOffset.of(text.trim());
        } catch (DateTimeException e) {
            dropped.add(Part.OFFSET);
            return null;
        }
    }

    /** Latitude and longitude, or null; (0, 0) is what cameras without a fix write, so it counts as none. */
    private static double[] position(GpsDirectory gps, Set<Part> dropped) {
        if (gps == null || !gps.containsTag(GpsDirectory.TAG_LATITUDE) && !gps.containsTag(GpsDirectory.TAG_LONGITUDE)) {
            return null;
        }
        GeoLocation location = gps.getGeoLocation();
        if (location == null || !(Math.abs(location.getLatitude()) <= 90)
            || !(Math.abs(location.getLongitude()) <= 180)) {
            dropped.add(Part.GPS);
            return null;
        }
        return location.isZero() ? null : new double[] {location.getLatitude(), location.getLongitude()};
    }

    private record Sequence(Integer frame, Integer frames, Long event) {
        static final Sequence NONE = new Sequence(null, null, null);
    }

    private static Sequence sequence(Metadata metadata, Set<Part> dropped) {
        for (SequenceTags tags : SEQUENCES) {
            Directory notes = metadata.getFirstDirectoryOfType(tags.directory());
            if (notes == null || !notes.containsTag(tags.sequence())) {
                continue;
            }
            Object sequence = notes.getObject(tags.sequence());
            Object event = notes.getObject(tags.event());
            if (sequence instanceof int[] numbers && numbers.length == 2 && numbers[0] >= 1 && numbers[0] <= numbers[1]) {
                return new Sequence(numbers[0], numbers[1],
                    event instanceof Number n && n.longValue() >= 0 ? n.longValue() : null);
            }
            dropped.add(Part.SEQUENCE);
            return Sequence.NONE;
        }
        return Sequence.NONE;
    }

    /** A text tag, trimmed, without control characters, cut to the headers' limit; null when empty. */
    private static String text(Directory directory, int tag) {
        String text = directory == null ? null : directory.getString(tag);
        if (text == null) {
            return null;
        }
        String clean = CONTROL.matcher(text).replaceAll("").trim();
        if (clean.length() > ImageHeaders.TEXT_LIMIT) {
            clean = clean.substring(0, ImageHeaders.TEXT_LIMIT).trim();
        }
        return clean.isEmpty() ? null : clean;
    }
}
