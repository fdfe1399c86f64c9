package org.trapstream.bench;

import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchResultsTest {

    private static final Percentiles TIMES = Percentiles.ofMillis(new double[] {10, 12, 14});
    private static final Timing.Rate RATE = new Timing.Rate(1234.5678, TIMES, 0.8123);

    @Test
    void aCeilingIsWrittenWithItsBatchSizeThenItsRate() {
        JsonObject json = new CeilingBenchmark.Result(16, 2, RATE).toJson();

        assertEquals(List.of("batch_size", "threads", "images_per_second", "ms_per_batch", "cpu_ms_per_image"),
            List.copyOf(json.fieldNames()));
        assertEquals(16, json.getInteger("batch_size"));
        assertEquals(Percentiles.round(1234.5678), json.getDouble("images_per_second"));
        assertEquals(TIMES.toJson(), json.getJsonObject("ms_per_batch"));
        assertEquals(Percentiles.round(0.8123), json.getDouble("cpu_ms_per_image"));
    }

    @Test
    void aDecodeIsWrittenWithItsDatasetThenItsRatePerImage() {
        JsonObject json = new DecodeBenchmark.Result("serengeti", 1, RATE).toJson();

        assertEquals(List.of("dataset", "threads", "images_per_second", "ms_per_image", "cpu_ms_per_image"),
            List.copyOf(json.fieldNames()));
        assertEquals("serengeti", json.getString("dataset"));
        assertEquals(TIMES.toJson(), json.getJsonObject("ms_per_image"));
    }
}
