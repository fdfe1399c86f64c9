package org.trapstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The command line of {@code ./bench soak}: how long, at what offered rate, reported how often.
 *
 * @param imageSize input side of the seed CNN that serves
 */
record SoakOptions(Duration duration, double rate, Duration interval, int imageSize, Path out) {

    static final String USAGE = """
        Usage: ./bench soak [--minutes N] [--rate R] [--interval SECONDS] [--image-size S] [--out DIR]
          --minutes N           how long to offer images (default 20; a fraction such as 0.5 is allowed)
          --rate R              images per second offered to camtrap.images.raw, open loop (default 10)
          --interval SECONDS    one report row per interval (default 30)
          --image-size S        input side of the seed CNN that serves (default 64)
          --out DIR             where the JSON result goes (default ./bench-results)
        The whole system (embedded broker, ingest, classifier, trainer, dashboard) runs in this JVM; each row
        gives throughput, p99 latency from producing a raw image to its prediction arriving, heap, ND4J's
        off-heap memory (JavaCPP's count, which ND4J's natively allocated CPU arrays are not in, and the process's
        resident memory, where they are), garbage collection, and the ingest and classifier groups' lag.
        """;

    static SoakOptions parse(List<String> args) {
        double minutes = 20;
        double rate = 10;
        double intervalSeconds = 30;
        int imageSize = 64;
        Path out = Path.of("bench-results");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--minutes" -> minutes = positive(arg, BenchOptions.valueOf(args, ++i, arg));
                case "--rate" -> rate = positive(arg, BenchOptions.valueOf(args, ++i, arg));
                case "--interval" -> intervalSeconds = positive(arg, BenchOptions.valueOf(args, ++i, arg));
                case "--image-size" -> imageSize = (int) positive(arg, BenchOptions.valueOf(args, ++i, arg));
                case "--out" -> out = Path.of(BenchOptions.valueOf(args, ++i, arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
        Duration interval = Duration.ofMillis(Math.round(intervalSeconds * 1000));
        if (interval.compareTo(duration) > 0) {
            throw new IllegalArgumentException("--interval is longer than the run (--minutes): no row would be complete");
        }
        return new SoakOptions(duration, rate, interval, imageSize, out);
    }

    private static double positive(String option, String value) {
        try {
            double n = Double.parseDouble(value);
            if (n > 0 && Double.isFinite(n)) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, got " + value);
    }
}
