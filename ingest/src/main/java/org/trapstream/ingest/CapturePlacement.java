package org.trapstream.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.trapstream.common.contract.Capture;
import org.trapstream.common.contract.CaptureTimeBasis;

/**
 * Places a capture in time, once, at ingest, so that nothing downstream reads a camera's clock again: the sender's
 * instant when it gave one; else the camera's clock with the offset the camera wrote; else that clock read in the
 * time zone of the camera's deployment at the time; else read as UTC, and marked {@link CaptureTimeBasis#ASSUMED_UTC}.
 */
record CapturePlacement(DeploymentBook deployments) {

    /** The instant (null when nothing said when) and the capture with how it was placed and its deployment. */
    record Placed(Instant capturedAt, Capture capture) {
    }

    /**
     * @param sent       the sender's capture time, or null
     * @param camera     what metadata-extractor read, not yet placed
     * @param handParsed the image probe's own reading of DateTimeOriginal as UTC, for images the library cannot read
     */
    Placed place(String cameraId, OffsetDateTime sent, Capture camera, Instant handParsed) {
        Capture read = camera;
        if (camera.cameraTime() == null && handParsed != null) {
            read = new Capture(null, null, null, LocalDateTime.ofInstant(handParsed, ZoneOffset.UTC),
                camera.cameraOffset(), camera.make(), camera.model(), camera.latitude(), camera.longitude(),
                camera.frame(), camera.frames(), camera.event());
        }
        LocalDateTime clock = read.cameraTime();
        if (sent != null) {
            return placed(cameraId, sent.toInstant(), read, CaptureTimeBasis.SENDER, sent.getOffset());
        }
        if (clock == null) {
            return new Placed(null, read);
        }
        if (read.cameraOffset() != null) {
            return placed(cameraId, clock.toInstant(read.cameraOffset()), read, CaptureTimeBasis.EXIF_OFFSET,
                read.cameraOffset());
        }
        Optional<Deployment> deployment = deployments.find(cameraId, clock);
        if (deployment.isPresent()) {
            Deployment at = deployment.get();
            return new Placed(at.instantOf(clock),
                read.placed(CaptureTimeBasis.DEPLOYMENT, at.timezone().getId(), at.id()));
        }
        return placed(cameraId, clock.toInstant(ZoneOffset.UTC), read, CaptureTimeBasis.ASSUMED_UTC, ZoneOffset.UTC);
    }

    private Placed placed(String cameraId, Instant at, Capture read, CaptureTimeBasis basis, ZoneOffset zone) {
        return new Placed(at, read.placed(basis, zone.getId(),
            deployments.find(cameraId, at).map(Deployment::id).orElse(null)));
    }
}
