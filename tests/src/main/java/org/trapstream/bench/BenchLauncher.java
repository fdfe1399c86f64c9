package org.trapstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What every benchmark's {@code main} does around its measurements: {@code --help}, option parsing (exit 2 with
 * the usage on a wrong command line), a temporary work folder removed afterwards, exit 1 when a stage failed.
 */
final class BenchLauncher {

    /** The measurements, given the parsed options and an empty work folder. */
    @FunctionalInterface
    interface Body<O> {
        void run(O options, Path work) throws IOException;
    }

    static <O> void main(String[] args, String usage, Function<List<String>, O> parse, String name, Body<O> body) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(usage);
            return;
        }
        O options;
        try {
            options = parse.apply(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(usage);
            System.exit(2);
            return;
        }
        int status = 0;
        Path work = null;
        try {
            work = Files.createTempDirectory("trapstream-" + name + "-");
            body.run(options, work);
        } catch (IOException | RuntimeException e) {
            System.err.println("The " + name + " benchmark failed: " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            deleteQuietly(work);
        }
        // Client and broker threads of libraries may outlive their close(); the figures are out, so end here.
        System.exit(status);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    private BenchLauncher() {
    }
}
