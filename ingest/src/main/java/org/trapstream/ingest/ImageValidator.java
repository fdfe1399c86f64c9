package org.trapstream.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.image.ImageInfo;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;
import org.trapstream.image.ImageRejectedException;

/**
 * Turns untrusted bytes and claims into a valid {@link ImageRecord}, or says precisely why not, with the capture
 * metadata the image carries ({@link CaptureMetadataReader}) and its capture time placed ({@link CapturePlacement}).
 * Reads only the image's headers and metadata, never decodes pixels, but is still blocking: call it from a worker.
 *
 * @param payload   how the records it makes carry their image
 * @param placement where the capture times without offset find their deployment's time zone
 * @param metrics   counts the metadata left out and how capture times were placed
 */
record ImageValidator(ImageLimits limits, ImagePayload payload, CapturePlacement placement, IngestMetrics metrics) {

    /** Untrusted values quoted in a reject detail are cut to this length. */
    private static final int QUOTE_LIMIT = 64;

    /**
     * The record to publish. The capture time is the sender's when given, else EXIF DateTimeOriginal placed in
     * time by {@link CapturePlacement}, else null. Capture metadata never rejects an image: what cannot be read is
     * left out and counted.
     *
     * @throws ImageRejectedException with the first problem found: the image itself, then camera id, then capture time
     */
    ImageRecord validate(String imageId, IncomingImage image, Instant receivedAt) {
        ImageInfo info = probe(image.bytes());
        String cameraId = requireCameraId(image.cameraId());
        OffsetDateTime sent = image.capturedAt() == null ? null : parseCaptureTime(image.capturedAt());
        CaptureMetadataReader.Reading reading = CaptureMetadataReader.read(image.bytes());
        metrics.dropped(reading.dropped());
        CapturePlacement.Placed placed = placement.place(cameraId, sent, reading.capture(), info.exifCapturedAt());
        if (placed.capture().timeBasis() != null) {
            metrics.placed(placed.capture().timeBasis());
        }
        return ImageRecord.of(imageId, cameraId, placed.capturedAt(), receivedAt, info.format().code(),
            info.width(), info.height(), image.bytes(), payload).withCapture(placed.capture());
    }

    private ImageInfo probe(byte[] bytes) {
        try {
            return ImageProbe.probe(bytes, limits);
        } catch (ImageRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // A parser slip on hostile bytes must still end as a dead letter: otherwise the raw topic would
            // retry the same record forever.
            throw new ImageRejectedException(RejectReason.CORRUPT, "unreadable image header: " + e);
        }
    }

    private static String requireCameraId(String cameraId) {
        if (cameraId == null) {
            throw new ImageRejectedException(RejectReason.MISSING_CAMERA_ID, "no camera id was given");
        }
        if (!CameraId.isValid(cameraId)) {
            throw new ImageRejectedException(RejectReason.MISSING_CAMERA_ID,
                "camera id '" + quote(cameraId) + "' does not match " + CameraId.RULE);
        }
        return cameraId;
    }

    private static OffsetDateTime parseCaptureTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new ImageRejectedException(RejectReason.BAD_CAPTURE_TIME,
                "capture time '" + quote(text) + "' is not an ISO-8601 date-time with offset, e.g. 2024-05-01T06:30:00Z");
        }
    }

    private static String quote(String untrusted) {
        return untrusted.length() <= QUOTE_LIMIT ? untrusted : untrusted.substring(0, QUOTE_LIMIT) + "...";
    }
}
