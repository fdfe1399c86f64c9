package org.trapstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/**
 * CPU time of this process from Linux's {@code /proc/self}: in total (dead threads included), and per live
 * thread. Unlike JFR or {@code ThreadMXBean} this sees every thread: the broker's, the JIT's and GC's, and
 * ND4J's OpenMP workers, which take the name of the Java thread that started them (so the OpenMP team of the
 * classifier's inference thread counts as {@code classifier-infe}). Threads are grouped by name, which Linux
 * truncates to 15 characters, without trailing numbers, so that pools add up. A thread that ends between two
 * snapshots drops out of the per-thread figures (never below zero). Empty where {@code /proc} is absent.
 *
 * @param processTicks total CPU of the process in clock ticks
 * @param threads      live threads by id
 */
record CpuUse(long nanos, long processTicks, Map<String, Task> threads) {

    /** One thread: its group name and CPU so far in clock ticks. */
    record Task(String group, long ticks) {}

    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path SELF = Path.of("/proc/self");

    static CpuUse now() {
        Map<String, Task> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(SELF.resolve("task"))) {
            tasks.forEach(task -> {
                String[] stat = stat(task.resolve("stat"));
                if (stat != null) {
                    threads.put(task.getFileName().toString(), new Task(group(stat[0]), ticks(stat)));
                }
            });
        } catch (IOException | RuntimeException e) {
            return new CpuUse(System.nanoTime(), 0, Map.of());
        }
        String[] process = stat(SELF.resolve("stat"));
        return new CpuUse(System.nanoTime(), process == null ? 0 : ticks(process), threads);
    }

    /** CPU seconds by thread group since {@code before}, of the threads alive now. */
    Map<String, Double> secondsByGroupSince(CpuUse before) {
        Map<String, Double> seconds = new HashMap<>();
        threads.forEach((id, task) -> {
            Task earlier = before.threads.get(id);
            long ticks = task.ticks() - (earlier == null ? 0 : earlier.ticks());
            seconds.merge(task.group(), ticks / TICKS_PER_SECOND, Double::sum);
        });
        return seconds;
    }

    /** CPU seconds the whole process used since {@code before}. */
    double processSecondsSince(CpuUse before) {
        return (processTicks - before.processTicks) / TICKS_PER_SECOND;
    }

    /**
     * What was used between {@code before} and this snapshot while {@code images} were classified: cores busy on
     * average, and CPU milliseconds per image in total and by thread group, largest first. When other processes
     * take cores away, CPU per image changes much less than images per second do (it still rises some: shared
     * caches, hyperthreads).
     */
    JsonObject since(CpuUse before, int images) {
        double wall = (nanos - before.nanos) / 1e9;
        double msPerImage = 1000.0 / Math.max(1, images);
        JsonObject byGroup = new JsonObject();
        secondsByGroupSince(before).entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .forEach(e -> byGroup.put(e.getKey(), Percentiles.round(e.getValue() * msPerImage)));
        return new JsonObject()
            .put("wall_seconds", Percentiles.round(wall))
            .put("process_cpu_seconds", Percentiles.round(processSecondsSince(before)))
            .put("cores_busy", Percentiles.round(processSecondsSince(before) / wall))
            .put("cpu_ms_per_image", Percentiles.round(processSecondsSince(before) * msPerImage))
            .put("cpu_ms_per_image_by_thread", byGroup);
    }

    /** A thread's group: its name without a trailing number ("classifier-decode-1" is "classifier-decode"). */
    static String group(String threadName) {
        return threadName.replaceAll("[-#_ ]*\\d+$", "").replaceAll("[-#_ ]+$", "");
    }

    /** The fields after the command name: [0] is the name, then state, ppid... as in proc(5) from field 3. */
    private static String[] stat(Path file) {
        try {
            String line = Files.readString(file);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] rest = line.substring(close + 2).split(" ");
            String[] fields = new String[rest.length + 1];
            fields[0] = line.substring(open + 1, close);
            System.arraycopy(rest, 0, fields, 1, rest.length);
            return fields;
        } catch (IOException | RuntimeException e) {
            return null; // the thread ended meanwhile
        }
    }

    /** utime + stime: fields 14 and 15 of proc(5), here at 12 and 13 (name at 0, state at 1). */
    private static long ticks(String[] stat) {
        return Long.parseLong(stat[12]) + Long.parseLong(stat[13]);
    }
}
