package org.trapstream.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

class DeploymentBookTest {

    @TempDir
    Path dataDir;

    @Test
    void changesSurviveAReopen() {
        DeploymentBook book = open(Optional.empty());
        assertTrue(book.put(deployment("d1", "cam-1", "2024-01-01T00:00:00Z", "2024-06-30T00:00:00Z")));
        assertTrue(book.put(deployment("d2", "cam-1", "2024-07-01T00:00:00Z", null)));
        assertFalse(book.put(deployment("d1", "cam-1", "2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z")),
            "replaced, not added");
        assertTrue(book.remove("d2"));
        assertFalse(book.remove("d2"));

        DeploymentBook reopened = open(Optional.empty());

        assertEquals(List.of("d1"), reopened.all().stream().map(Deployment::id).toList());
        assertEquals(OffsetDateTime.parse("2024-06-01T00:00:00Z"), reopened.get("d1").orElseThrow().end(),
            "the replacement was kept");
        assertEquals(book.all(), reopened.all());
    }

    @Test
    void aCameraIsInOneDeploymentAtOnce() {
        DeploymentBook book = open(Optional.empty());
        book.put(deployment("open-ended", "cam-1", "2024-01-01T00:00:00Z", null));

        DeploymentBook.ConflictException e = assertThrows(DeploymentBook.ConflictException.class,
            () -> book.put(deployment("later", "cam-1", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z")));

        assertTrue(e.getMessage().contains("open-ended and later both have camera cam-1"), e.getMessage());
        assertEquals(1, book.all().size(), "the conflicting deployment was not kept");
        book.put(deployment("elsewhere", "cam-2", "2025-01-01T00:00:00Z", null));
        assertEquals(2, open(Optional.empty()).all().size());
    }

    @Test
    void theCamtrapDpTableSeedsTheBookAndWinsForItsIds() {
        Path table = SharedDatasets.requireBeside("schemas/camtrap-dp-1.0.2").resolve("example/deployments.csv");
        DeploymentBook before = open(Optional.empty());
        before.put(deployment("62c200a9", "315", "2019-01-01T00:00:00Z", "2019-02-01T00:00:00Z"));
        before.put(deployment("http-only", "999", "2019-01-01T00:00:00Z", null));

        DeploymentBook book = open(Optional.of(table));

        assertEquals(5, book.all().size(), "the table's four and the one managed over HTTP");
        Deployment fromTable = book.get("62c200a9").orElseThrow();
        assertEquals("315", fromTable.cameraId());
        assertEquals(ZoneOffset.ofHours(1), fromTable.timezone(), "the offset deploymentStart is written with");
        assertEquals("Reconyx-HF2X", fromTable.cameraModel());
        assertEquals(1.0, fromTable.cameraHeight(), 1e-9);
        assertEquals(Optional.of(fromTable), book.find("315", LocalDateTime.parse("2021-04-11T20:43:09")));
        assertEquals(Optional.of(fromTable), book.find("315", Instant.parse("2021-04-11T19:43:09Z")));
        assertTrue(book.get("http-only").isPresent());
    }

    @Test
    void twoIngestsOnOneDataDirSeeEachOthersChanges() {
        DeploymentBook first = open(Optional.empty());
        DeploymentBook second = open(Optional.empty());

        first.put(deployment("d1", "cam-1", "2024-01-01T00:00:00Z", null));
        eventually(Duration.ofSeconds(30), () -> assertTrue(second.get("d1").isPresent(), "seen within a second"));
        second.put(deployment("d2", "cam-2", "2024-01-01T00:00:00Z", null));
        assertTrue(first.remove("d2"), "a change starts from the file as the other one left it");

        assertEquals(List.of("d1"), open(Optional.empty()).all().stream().map(Deployment::id).toList());
        eventually(Duration.ofSeconds(30), () -> assertEquals(1, second.all().size()));
    }

    @Test
    void anUnreadableFileFailsTheOpenSayingWhere() throws IOException {
        Files.writeString(dataDir.resolve(DeploymentBook.FILE), "{\"deployments\": [{\"deploymentID\": \"x\"}]}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(Optional.empty()));

        assertTrue(e.getMessage().contains(DeploymentBook.FILE) && e.getMessage().contains("cameraID is required"),
            e.getMessage());
    }

    private DeploymentBook open(Optional<Path> table) {
        return DeploymentBook.open(dataDir.resolve(DeploymentBook.FILE), table, DurableFiles.onDisk());
    }

    static Deployment deployment(String id, String camera, String start, String end) {
        JsonObject json = new JsonObject().put("cameraID", camera).put("latitude", -2.33).put("longitude", 34.83)
            .put("deploymentStart", start).put("timezone", "Africa/Dar_es_Salaam");
        if (end != null) {
            json.put("deploymentEnd", end);
        }
        return Deployment.fromJson(id, json);
    }
}
