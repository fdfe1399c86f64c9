package org.trapstream.common.contract;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Function;

import org.apache.kafka.common.header.Headers;

import static java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME;

/**
 * What ingest learnt about an image's capture beyond its instant (the record's capture time): how that instant was
 * found, what the camera wrote (clock, make and model, GPS, burst), and the deployment it belongs to. Every part
 * but {@code timeBasis} and {@code timeZone} may be null; {@link #NONE} when nothing is known (a record without
 * capture time, or of an older ingest). Carried as the capture headers of {@link ImageHeaders}.
 *
 * @param timeZone      the zone the capture time was read in: an offset, an IANA zone or {@code Z}
 * @param cameraTime    the camera's clock at capture, to the sub-second when the camera wrote it
 * @param cameraOffset  the offset the camera wrote beside its clock (EXIF OffsetTimeOriginal)
 * @param frame         the frame's place in its burst, from 1
 * @param frames        the burst's length
 * @param event         the camera's trigger counter
 */
public record Capture(CaptureTimeBasis timeBasis, String timeZone, String deploymentId,
                      LocalDateTime cameraTime, ZoneOffset cameraOffset, String make, String model,
                      Double latitude, Double longitude, Integer frame, Integer frames, Long event) {

    public static final Capture NONE = new Capture(null, null, null, null, null, null, null, null, null, null, null,
        null);

    public Capture {
        if ((timeBasis == null) != (timeZone == null)) {
            throw new IllegalArgumentException("A capture's time basis and zone go together");
        }
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("A GPS position has both latitude and longitude or neither");
        }
        if (latitude != null && (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180))) {
            throw new IllegalArgumentException("GPS position " + latitude + ", " + longitude + " is off the globe");
        }
        if (frame != null && (frame < 1 || frames != null && frame > frames)) {
            throw new IllegalArgumentException("Frame " + frame + " of a burst of " + frames);
        }
        for (String text : new String[] {timeZone, deploymentId, make, model}) {
            if (text != null && (text.isEmpty() || text.length() > ImageHeaders.TEXT_LIMIT)) {
                throw new IllegalArgumentException("A capture header's text is empty or longer than "
                    + ImageHeaders.TEXT_LIMIT + " characters");
            }
        }
    }

    /** This capture placed in time: how and in which zone its instant was read, and its deployment. */
    public Capture placed(CaptureTimeBasis basis, String zone, String deployment) {
        return new Capture(Objects.requireNonNull(basis), Objects.requireNonNull(zone), deployment, cameraTime,
            cameraOffset, make, model, latitude, longitude, frame, frames, event);
    }

    void writeTo(Headers headers) {
        if (equals(NONE)) {
            return;
        }
        ImageRecord.put(headers, ImageHeaders.CAPTURE_SCHEMA, ImageHeaders.CAPTURE_SCHEMA_VERSION);
        put(headers, ImageHeaders.CAPTURE_TIME_BASIS, timeBasis == null ? null : timeBasis.code());
        put(headers, ImageHeaders.CAPTURE_TIME_ZONE, timeZone);
        put(headers, ImageHeaders.DEPLOYMENT_ID, deploymentId);
        put(headers, ImageHeaders.CAMERA_TIME, cameraTime == null ? null : ISO_LOCAL_DATE_TIME.format(cameraTime));
        put(headers, ImageHeaders.CAMERA_OFFSET, cameraOffset);
        put(headers, ImageHeaders.CAMERA_MAKE, make);
        put(headers, ImageHeaders.CAMERA_MODEL, model);
        put(headers, ImageHeaders.GPS_LATITUDE, latitude);
        put(headers, ImageHeaders.GPS_LONGITUDE, longitude);
        put(headers, ImageHeaders.SEQUENCE_FRAME, frame);
        put(headers, ImageHeaders.SEQUENCE_LENGTH, frames);
        put(headers, ImageHeaders.SEQUENCE_EVENT, event);
    }

    /**
     * The capture headers of a record; {@link #NONE} when it has none or they are of a capture version this build
     * does not know (the image itself is still readable). Malformed values throw {@link IllegalArgumentException}.
     */
    static Capture fromKafka(Headers headers) {
        String schema = ImageRecord.text(headers, ImageHeaders.CAPTURE_SCHEMA);
        if (schema == null || !ImageHeaders.READABLE_CAPTURE_SCHEMA_VERSIONS.contains(schema)) {
            return NONE;
        }
        try {
            return new Capture(
                read(headers, ImageHeaders.CAPTURE_TIME_BASIS, CaptureTimeBasis::fromCode),
                ImageRecord.text(headers, ImageHeaders.CAPTURE_TIME_ZONE),
                ImageRecord.text(headers, ImageHeaders.DEPLOYMENT_ID),
                read(headers, ImageHeaders.CAMERA_TIME, LocalDateTime::parse),
                read(headers, ImageHeaders.CAMERA_OFFSET, ZoneOffset::of),
                ImageRecord.text(headers, ImageHeaders.CAMERA_MAKE),
                ImageRecord.text(headers, ImageHeaders.CAMERA_MODEL),
                read(headers, ImageHeaders.GPS_LATITUDE, Double::valueOf),
                read(headers, ImageHeaders.GPS_LONGITUDE, Double::valueOf),
                read(headers, ImageHeaders.SEQUENCE_FRAME, Integer::valueOf),
                read(headers, ImageHeaders.SEQUENCE_LENGTH, Integer::valueOf),
                read(headers, ImageHeaders.SEQUENCE_EVENT, Long::valueOf));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Image record has malformed capture headers: " + e.getMessage(), e);
        }
    }

    private static void put(Headers headers, String name, Object value) {
        if (value != null) {
            ImageRecord.put(headers, name, value.toString());
        }
    }

    private static <T> T read(Headers headers, String name, Function<String, T> parse) {
        String text = ImageRecord.text(headers, name);
        return text == null ? null : parse.apply(text);
    }
}
