package org.trapstream.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The figures of {@code ./bench decode}: a Markdown table on the console, everything as JSON in a file. */
record NativeDecodeReport(NativeDecodeOptions options, JsonObject machine, List<Double> loads,
                          List<DecodePath> paths, List<Figures> figures) {

    /**
     * One path at one frame size and target side.
     *
     * @param reduction  the DCT scale denominator that still covers the side (1 when none does)
     * @param meanError  mean absolute error per channel against the reference, averaged over the frames
     * @param maxError   the same, of the worst frame
     * @param largestError the largest difference of any channel of any pixel, in grey levels
     */
    record Figures(String frames, int side, int reduction, String path, double wallMs, double cpuMs,
                   double meanError, double maxError, int largestError) {
        JsonObject toJson() {
            return new JsonObject().put("frames", frames).put("side", side).put("dct_scale", "1/" + reduction)
                .put("path", path).put("wall_ms_p50", Percentiles.round(wallMs)).put("cpu_ms", Percentiles.round(cpuMs))
                .put("error_mean", Percentiles.round(meanError)).put("error_max", Percentiles.round(maxError))
                .put("error_largest", largestError);
        }
    }

    void print(PrintStream out) {
        out.printf("Machine: %s cores, %s; %s%n", machine.getValue("cores"), machine.getString("cpu"),
            machine.getString("java"));
        out.println("Load average (1 min) at the start and after each block: "
            + loads.stream().map(load -> String.format("%.2f", load)).toList());
        out.printf("Rounds %d, warm-up %d s, window %d s per path and round; figures are medians over rounds.%n%n",
            options.rounds(), options.warmUp().toSeconds(), options.measure().toSeconds());
        out.println("| frames | side | DCT scale | path | wall ms (p50) | CPU ms | error mean | error max | largest |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Figures row : figures) {
            out.printf("| %s | %d | 1/%d | %s | %.1f | %.1f | %.2f | %.2f | %d |%n", row.frames(), row.side(),
                row.reduction(), row.path(), row.wallMs(), row.cpuMs(), row.meanError(), row.maxError(),
                row.largestError());
        }
        out.println();
        for (DecodePath path : paths) {
            out.printf("- %s: %s%n", path.code(), path.description());
        }
        out.println("Error: absolute difference per channel (0-255) against exact: the mean per frame, averaged over"
            + " the frames and of the worst frame, and the largest of any channel of any pixel.");
    }

    /** Writes the JSON result into {@code options.out()}; returns the file. */
    Path write() {
        JsonObject json = ResultFile.opening(options.quick(), machine, loads)
            .put("rounds", options.rounds())
            .put("warm_up_seconds", options.warmUp().toSeconds())
            .put("window_seconds", options.measure().toSeconds())
            .put("paths", new JsonArray(paths.stream()
                .map(path -> new JsonObject().put("code", path.code()).put("description", path.description())).toList()))
            .put("figures", new JsonArray(figures.stream().map(Figures::toJson).toList()));
        return ResultFile.write(options.out(), "decode", json);
    }
}
