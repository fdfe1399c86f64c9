package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case of ONNX's backend test data: a directory holding {@code model.onnx} and data sets
 * {@code test_data_set_N/}, each with the inputs {@code input_N.pb} and the outputs {@code output_N.pb} they must
 * produce, numbered in the order of the graph's inputs and outputs.
 */
record BackendTestCase(String suite, Path directory) {

    /** The cases of one suite ({@code node}, {@code pytorch-converted}, ...), by name. */
    static List<BackendTestCase> in(Path suite) throws IOException {
        try (Stream<Path> directories = Files.list(suite)) {
            return directories
                .filter(directory -> Files.isRegularFile(directory.resolve("model.onnx")))
                .sorted()
                .map(directory -> new BackendTestCase(suite.getFileName().toString(), directory))
                .toList();
        }
    }

    String name() {
        return directory.getFileName().toString();
    }

    Path model() {
        return directory.resolve("model.onnx");
    }

    List<Path> dataSets() throws IOException {
        return numbered(directory, "test_data_set_", "");
    }

    static List<Path> inputs(Path dataSet) throws IOException {
        return numbered(dataSet, "input_", ".pb");
    }

    static List<Path> outputs(Path dataSet) throws IOException {
        return numbered(dataSet, "output_", ".pb");
    }

    /** The entries named prefix, number, suffix, in numeric order (input_10 after input_9). */
    private static List<Path> numbered(Path directory, String prefix, String suffix) throws IOException {
        Pattern numbered = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,9})" + Pattern.quote(suffix));
        try (Stream<Path> entries = Files.list(directory)) {
            return entries
                .filter(entry -> numbered.matcher(entry.getFileName().toString()).matches())
                .sorted(Comparator.comparingInt(entry -> number(entry, numbered)))
                .toList();
        }
    }

    private static int number(Path entry, Pattern numbered) {
        Matcher matcher = numbered.matcher(entry.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not numbered: " + entry);
        }
        return Integer.parseInt(matcher.group(1));
    }

    @Override
    public String toString() {
        return suite + "/" + name();
    }
}
