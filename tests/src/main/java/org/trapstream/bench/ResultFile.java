package org.trapstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import io.vertx.core.json.JsonObject;

/** A benchmark's JSON result, written into the output folder as {@code <kind>-<yyyyMMdd-HHmmss>.json}. */
final class ResultFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ResultFile() {
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
