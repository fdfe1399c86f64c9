package org.trapstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few seconds of {@code ./bench soak}: the rows carry every field, in the printed table and the JSON result. */
class SoakBenchmarkTest {

    private static final Set<String> ROW_FIELDS = Set.of("at_seconds", "sent", "predicted", "offered_per_second",
        "predictions_per_second", "p99_latency_ms", "heap_used_bytes", "javacpp_bytes", "physical_bytes", "gc_count",
        "gc_ms", "lag");

    @Test
    void aShortSoakReportsEveryFieldInEveryRow(@TempDir Path work) throws Exception {
        SharedDatasets.require(SharedDatasets.HONEYBEE);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SoakOptions options = new SoakOptions(Duration.ofSeconds(8), 5, Duration.ofSeconds(2), 32, work.resolve("out"));

        SoakBenchmark.Result result = SoakBenchmark.run(options, work, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertTrue(result.rows().size() >= 3, "a row every 2 s of 8: " + result.rows().size());
        assertEquals(40, result.sent(), "5 images/s for 8 s");
        JsonObject json = new JsonObject(Files.readString(result.file()));
        JsonArray rows = json.getJsonArray("rows");
        assertEquals(result.rows().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            assertEquals(ROW_FIELDS, row.fieldNames(), row.encode());
            for (String field : List.of("heap_used_bytes", "javacpp_bytes", "physical_bytes")) {
                assertTrue(row.getLong(field) > 0, field + " is measured: " + row.encode());
            }
            assertEquals(Set.of("ingest", "classifier"), row.getJsonObject("lag").fieldNames());
        }
        assertNotNull(json.getJsonObject("machine"));
        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("lag class."), table);
        assertEquals(result.rows().size() + 2, table.lines().count(), "a header, a line per row, the totals:\n" + table);
    }

    @Test
    void anIntervalLongerThanTheRunIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> SoakOptions.parse(List.of("--minutes", "0.5", "--interval", "60")));
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(List.of("--rate", "0")));
    }
}
