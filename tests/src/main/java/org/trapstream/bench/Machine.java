package org.trapstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.trapstream.serving.Backend;

/** The machine the figures come from, and how busy it was (Linux's /proc; "unknown" elsewhere). */
final class Machine {

    static JsonObject describe() {
        return host().put("nd4j", Backend.describe());
    }

    /** As {@link #describe} without ND4J, for benchmarks that do not start it. */
    static JsonObject host() {
        return new JsonObject()
            .put("cores", Runtime.getRuntime().availableProcessors())
            .put("cpu", procField("/proc/cpuinfo", "model name"))
            .put("memory", memory())
            .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** The 1-minute load average, NaN when unknown. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String memory() {
        String total = procField("/proc/meminfo", "MemTotal");
        try {
            long kib = Long.parseLong(total.replaceAll("[^0-9]", ""));
            return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return total;
        }
    }

    /** The value of the first "name : value" line of a /proc file. */
    private static String procField(String file, String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Machine() {
    }
}
