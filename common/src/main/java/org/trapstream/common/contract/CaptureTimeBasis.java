package org.trapstream.common.contract;

/**
 * How an image's capture time became a UTC instant ({@link ImageHeaders#CAPTURE_TIME_BASIS}), from the most to the
 * least certain. Camera clocks keep local time, mostly without saying which.
 */
public enum CaptureTimeBasis {
    /** The sender gave the instant (the upload's or raw record's capture time header). */
    SENDER,
    /** EXIF DateTimeOriginal read with the camera's own OffsetTimeOriginal. */
    EXIF_OFFSET,
    /** EXIF DateTimeOriginal without offset, read in the time zone of the camera's deployment at that time. */
    DEPLOYMENT,
    /** EXIF DateTimeOriginal without offset and no deployment covers it: read as UTC, which may well be wrong. */
    ASSUMED_UTC;

    public String code() {
        return EnumCodes.of(this);
    }

    public static CaptureTimeBasis fromCode(String code) {
        return EnumCodes.parse(CaptureTimeBasis.class, code, "capture time basis");
    }
}
