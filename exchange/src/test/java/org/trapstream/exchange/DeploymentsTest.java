package org.trapstream.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentsTest {

    @TempDir
    Path dir;

    @Test
    void findsTheDeploymentOfACameraAtAnInstant() throws IOException {
        Deployments deployments = Deployments.read(table(
            row("spring", "cam-1", "2024-03-01T12:00:00+02:00", "2024-03-31T12:00:00+02:00"),
            row("summer", "cam-1", "2024-06-01T12:00:00+02:00", "2024-06-30T12:00:00+02:00"),
            row("pond", "cam-2", "2024-03-01T00:00:00Z", "2024-12-31T00:00:00Z")));

        assertEquals(Optional.of("spring"), id(deployments, "cam-1", "2024-03-01T10:00:00Z"));
        assertEquals(Optional.of("summer"), id(deployments, "cam-1", "2024-06-15T08:00:00Z"));
        assertEquals(Optional.of("pond"), id(deployments, "cam-2", "2024-06-15T08:00:00Z"));
        assertEquals(Optional.empty(), id(deployments, "cam-1", "2024-03-01T09:59:59Z"), "before the start");
        assertEquals(Optional.empty(), id(deployments, "cam-1", "2024-04-15T00:00:00Z"), "between deployments");
        assertEquals(Optional.empty(), id(deployments, "cam-3", "2024-06-15T08:00:00Z"), "a camera never deployed");
        assertEquals(ZoneOffset.ofHours(2), deployments.all().get(0).clockOffset());
    }

    @Test
    void readsAClockWithoutOffsetInTheDeploymentsOffset() throws IOException {
        Deployments deployments = Deployments.read(table(
            row("spring", "cam-1", "2024-03-01T12:00:00+02:00", "2024-03-31T12:00:00+02:00")));

        // 11:30 on the camera's clock is 09:30 UTC, before the deployment began at 10:00 UTC...
        assertEquals(Optional.empty(),
            deployments.find("cam-1", LocalDateTime.parse("2024-03-01T11:30:00")).map(Deployments.Deployment::id));
        // ...whereas 11:30 read as UTC would fall inside it.
        assertEquals(Optional.of("spring"), id(deployments, "cam-1", "2024-03-01T11:30:00Z"));
        assertEquals(Optional.of("spring"),
            deployments.find("cam-1", LocalDateTime.parse("2024-03-01T12:00:00")).map(Deployments.Deployment::id));
    }

    @Test
    void aTableThatBreaksTheSchemaIsRefusedWithItsErrors() throws IOException {
        List<String> bad = row("spring", "cam-1", "2024-03-01T12:00:00+02:00", "2024-03-31T12:00:00+02:00");
        bad.set(CamtrapDp.columns(CamtrapDp.DEPLOYMENTS).indexOf("featureType"), "motorway");
        Path csv = table(bad);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Deployments.read(csv));
        assertTrue(e.getMessage().contains("row 2 field featureType [enum]"), e.getMessage());
    }

    @Test
    void aDeploymentWithoutCameraIsRefused() throws IOException {
        Path csv = table(row("spring", "", "2024-03-01T12:00:00+02:00", "2024-03-31T12:00:00+02:00"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Deployments.read(csv));
        assertTrue(e.getMessage().contains("row 2 field cameraID"), e.getMessage());
    }

    @Test
    void oneCameraInTwoDeploymentsAtOnceIsRefused() throws IOException {
        Path csv = table(
            row("spring", "cam-1", "2024-03-01T12:00:00+02:00", "2024-03-31T12:00:00+02:00"),
            row("late-spring", "cam-1", "2024-03-31T09:00:00Z", "2024-04-30T12:00:00+02:00"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Deployments.read(csv));
        assertTrue(e.getMessage().contains("spring and late-spring both have camera cam-1"), e.getMessage());
    }

    private static Optional<String> id(Deployments deployments, String camera, String instant) {
        return deployments.find(camera, Instant.parse(instant)).map(Deployments.Deployment::id);
    }

    private static List<String> row(String id, String camera, String start, String end) {
        List<String> columns = CamtrapDp.columns(CamtrapDp.DEPLOYMENTS);
        Map<String, String> cells = Map.of("deploymentID", id, "cameraID", camera, "deploymentStart", start,
            "deploymentEnd", end, "latitude", "51.5", "longitude", "4.7", "featureType", "trailGame");
        List<String> row = new ArrayList<>();
        columns.forEach(column -> row.add(cells.getOrDefault(column, "")));
        return row;
    }

    @SafeVarargs
    private Path table(List<String>... rows) throws IOException {
        StringWriter out = new StringWriter();
        Csv.writeRecord(out, CamtrapDp.columns(CamtrapDp.DEPLOYMENTS));
        for (List<String> row : rows) {
            Csv.writeRecord(out, row);
        }
        Path csv = dir.resolve("deployments.csv");
        Files.writeString(csv, out.toString());
        return csv;
    }
}
