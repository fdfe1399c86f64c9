package org.trapstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code ./bench decode}.
 *
 * @param targets     model input sides to decode to
 * @param largeFrames how many 20 MP frames to make (each from one Serengeti frame)
 * @param rounds      how often every path is measured, in turn, per frame size and target: the median is
 *                    reported, so that a burst of load on a shared machine hits one round, not one path
 */
record NativeDecodeOptions(boolean quick, Path out, List<Integer> targets, int largeFrames, int rounds,
                           Duration warmUp, Duration measure) {

    static final String USAGE = """
        Usage: ./bench decode [--quick] [--out DIR] [--targets 224,480]
          --quick          one round of short windows and one 20 MP frame (about a minute)
          --out DIR        where the JSON result goes (default ./bench-results)
          --targets LIST   square model input sides, comma-separated (default 224,480)
        Decodes the Serengeti frames (shared/datasets beside the checkout, or -Dtrapstream.shared=DIR holding
        datasets/) and 20 MP frames made from them, on one thread.
        """;

    /** @throws IllegalArgumentException with a message for the user when an argument is wrong */
    static NativeDecodeOptions parse(List<String> args) {
        boolean quick = false;
        Path out = Path.of("bench-results");
        List<Integer> targets = List.of(224, 480);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(valueOf(args, ++i, arg));
                case "--targets" -> targets = sides(valueOf(args, ++i, arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        return quick
            ? new NativeDecodeOptions(true, out, targets, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(2))
            : new NativeDecodeOptions(false, out, targets, 3, 3, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static List<Integer> sides(String list) {
        try {
            List<Integer> sides = Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
            if (sides.stream().allMatch(side -> side >= 16 && side <= 2048)) {
                return sides;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--targets needs sides from 16 to 2048 separated by commas, got " + list);
    }

    private static String valueOf(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("Option " + option + " needs a value");
        }
        return args.get(index);
    }
}
