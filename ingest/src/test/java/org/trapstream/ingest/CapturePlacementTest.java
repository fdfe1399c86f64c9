package org.trapstream.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.Capture;
import org.trapstream.common.contract.CaptureTimeBasis;
import org.trapstream.common.io.DurableFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CapturePlacementTest {

    @TempDir
    Path dataDir;
    private CapturePlacement placement;

    @BeforeEach
    void deployments() {
        DeploymentBook book = DeploymentBook.open(dataDir.resolve(DeploymentBook.FILE), Optional.empty(),
            DurableFiles.onDisk());
        // Brussels keeps summer time (+02:00) in July and winter time (+01:00) in January
        book.put(Deployment.fromJson("brussels-2024", new JsonObject().put("cameraID", "cam-1")
            .put("latitude", 50.85).put("longitude", 4.35).put("timezone", "Europe/Brussels")
            .put("deploymentStart", "2024-01-01T00:00:00+01:00").put("deploymentEnd", "2024-12-31T23:59:59+01:00")));
        placement = new CapturePlacement(book);
    }

    @Test
    void aClockWithoutOffsetIsReadInTheDeploymentsZoneWithItsDaylightSavingTime() {
        CapturePlacement.Placed summer = placement.place("cam-1", null, clock("2024-07-01T12:00:00.25"), null);
        CapturePlacement.Placed winter = placement.place("cam-1", null, clock("2024-01-15T12:00:00"), null);

        assertEquals(Instant.parse("2024-07-01T10:00:00.25Z"), summer.capturedAt());
        assertEquals(CaptureTimeBasis.DEPLOYMENT, summer.capture().timeBasis());
        assertEquals("Europe/Brussels", summer.capture().timeZone());
        assertEquals("brussels-2024", summer.capture().deploymentId());
        assertEquals(Instant.parse("2024-01-15T11:00:00Z"), winter.capturedAt());
    }

    @Test
    void theCamerasOwnOffsetWinsOverTheDeploymentsZone() {
        Capture camera = new Capture(null, null, null, LocalDateTime.parse("2024-07-01T12:00:00"),
            ZoneOffset.ofHours(1), null, null, null, null, null, null, null);

        CapturePlacement.Placed placed = placement.place("cam-1", null, camera, null);

        assertEquals(Instant.parse("2024-07-01T11:00:00Z"), placed.capturedAt());
        assertEquals(CaptureTimeBasis.EXIF_OFFSET, placed.capture().timeBasis());
        assertEquals("+01:00", placed.capture().timeZone());
        assertEquals("brussels-2024", placed.capture().deploymentId(), "the deployment at that instant");
    }

    @Test
    void theSendersInstantWinsOverEverything() {
        CapturePlacement.Placed placed = placement.place("cam-1", OffsetDateTime.parse("2024-07-01T08:00:00Z"),
            clock("2024-07-01T12:00:00"), null);

        assertEquals(Instant.parse("2024-07-01T08:00:00Z"), placed.capturedAt());
        assertEquals(CaptureTimeBasis.SENDER, placed.capture().timeBasis());
        assertEquals(LocalDateTime.parse("2024-07-01T12:00:00"), placed.capture().cameraTime(),
            "the camera's clock is still carried, for whoever checks it");
    }

    @Test
    void withoutDeploymentTheClockIsAssumedUtcAndSaysSo() {
        CapturePlacement.Placed otherCamera = placement.place("cam-2", null, clock("2024-07-01T12:00:00"), null);
        CapturePlacement.Placed afterTheDeployment = placement.place("cam-1", null, clock("2025-03-01T12:00:00"),
            null);

        assertEquals(Instant.parse("2024-07-01T12:00:00Z"), otherCamera.capturedAt());
        assertEquals(CaptureTimeBasis.ASSUMED_UTC, otherCamera.capture().timeBasis());
        assertEquals("Z", otherCamera.capture().timeZone());
        assertNull(otherCamera.capture().deploymentId());
        assertEquals(CaptureTimeBasis.ASSUMED_UTC, afterTheDeployment.capture().timeBasis());
    }

    @Test
    void theProbesReadingStandsInWhenTheLibraryReadNothing() {
        CapturePlacement.Placed placed = placement.place("cam-1", null, Capture.NONE,
            Instant.parse("2024-07-01T12:00:00Z"));

        assertEquals(Instant.parse("2024-07-01T10:00:00Z"), placed.capturedAt(), "read as the camera's clock");
        assertEquals(CaptureTimeBasis.DEPLOYMENT, placed.capture().timeBasis());
    }

    @Test
    void noTimeAnywhereLeavesTheCaptureUnplaced() {
        CapturePlacement.Placed placed = placement.place("cam-1", null, Capture.NONE, null);

        assertNull(placed.capturedAt());
        assertEquals(Capture.NONE, placed.capture());
    }

    private static Capture clock(String local) {
        return new Capture(null, null, null, LocalDateTime.parse(local), null, null, null, null, null, null, null,
            null);
    }
}
