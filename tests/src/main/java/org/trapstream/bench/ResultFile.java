package org.trapstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A benchmark's JSON result, written into the output folder as {@code <kind>-<yyyyMMdd-HHmmss>.json}. */
final class ResultFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ResultFile() {
    }

    /**
     * The fields every result opens with, so that results of different kinds compare: when it ran, whether
     * {@code --quick} cut it short, the machine and the load averages sampled while it ran.
     */
    static JsonObject opening(boolean quick, JsonObject machine, List<Double> loads) {
        return new JsonObject()
            .put("created_at", LocalDateTime.now().toString())
            .put("quick", quick)
            .put("machine", machine)
            .put("load_average_1m", new JsonArray(loads.stream().map(Percentiles::round).toList()));
    }

    static Path write(Path folder, String kind, JsonObject json) {
        Path file = folder.resolve(kind + "-" + LocalDateTime.now().format(STAMP) + ".json");
        try {
            Files.createDirectories(folder);
            Files.writeString(file, json.encodePrettily());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }
}
