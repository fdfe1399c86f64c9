package org.trapstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The pixels Pillow gives a PyTorch pipeline, to hold Trapstream's decoding against byte for byte: an image file
 * opened, turned upright by its EXIF orientation, converted to RGB and resized with Pillow's bilinear filter (what
 * torchvision's {@code Resize} runs). Made by {@code python/pillow_reference.py} on Debian's Python
 * ({@link SystemPython}); tests that need it are skipped, saying why, where that Python lacks Pillow.
 */
public final class Pillow {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final SystemPython python;
    private final Path workDir;

    private Pillow(SystemPython python, Path workDir) {
        this.python = python;
        this.workDir = workDir;
    }

    /** Pillow, working in {@code workDir}; skips the calling test when it is missing. */
    public static Pillow require(Path workDir) {
        return new Pillow(SystemPython.require(SystemPython.Script.PILLOW_REFERENCE, workDir), workDir);
    }

    /** One image to prepare: resized to {@code width} x {@code height}, or left at its own size when both are 0. */
    public record Job(Path image, int width, int height) {
    }

    /** Each job's raw RGB bytes (3 per pixel, row by row), in the order given; one Python run for all of them. */
    public List<byte[]> rgb(List<Job> jobs) {
        JsonArray requests = new JsonArray();
        List<Path> outputs = new ArrayList<>();
        for (Job job : jobs) {
            Path output = workDir.resolve("pillow-" + outputs.size() + ".rgb");
            outputs.add(output);
            requests.add(new JsonObject().put("image", job.image().toAbsolutePath().toString())
                .put("width", job.width()).put("height", job.height()).put("output", output.toString()));
        }
        try {
            Path jobFile = Files.writeString(workDir.resolve("pillow-jobs.json"), requests.encode());
            python.run(TIMEOUT, List.of(jobFile.toString()));
            List<byte[]> pixels = new ArrayList<>();
            for (Path output : outputs) {
                pixels.add(Files.readAllBytes(output));
            }
            return pixels;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot exchange files with pillow_reference.py in " + workDir, e);
        }
    }
}
