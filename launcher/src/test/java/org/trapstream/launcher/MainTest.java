package org.trapstream.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@code trapstream} command line as a user meets it: words in, exit code and text out. */
class MainTest {

    private record Result(int code, String out, String err) {
    }

    private static Result trapstream(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new Invocation(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every command and subcommand, as "models list". */
    private static List<String> commands() {
        List<String> names = new ArrayList<>();
        collect(CommandLines.create(new TrapstreamCommand(), Invocation.ofProcess()), names);
        return names;
    }

    private static void collect(CommandLine line, List<String> names) {
        line.getSubcommands().values().forEach(sub -> {
            names.add(sub.getCommandSpec().qualifiedName(" ").substring("trapstream ".length()));
            collect(sub, names);
        });
    }

    @Test
    void theOverviewListsEveryCommand() {
        Result result = trapstream("--help");

        assertEquals(0, result.code);
        assertTrue(result.out.startsWith("Usage: trapstream [-hV] [COMMAND]"), result.out);
        for (String command : List.of("run", "ingest", "classifier", "trainer", "events", "dashboard", "train", "tune",
                "lr-find", "evaluate", "predict", "models", "labels", "export", "config", "credentials", "completion",
                "help")) {
            assertTrue(result.out.contains("\n  " + command + " "), "overview lists " + command);
        }
        assertEquals("", result.err);
    }

    @Test
    void everyCommandHasItsHelp() {
        for (String command : commands()) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");

            Result result = trapstream(args.toArray(String[]::new));

            assertEquals(0, result.code, command);
            assertTrue(result.out.contains("Usage: trapstream " + command + " [-h]"), result.out);
            assertTrue(result.out.contains("-h, --help"), result.out);
            assertTrue(result.out.contains("Exit codes:"), result.out);
        }
    }

    @Test
    void versionNamesTheBuildItsCommitAndTheNativeBackends() {
        Result result = trapstream("--version");

        assertEquals(0, result.code);
        List<String> lines = result.out.lines().toList();
        assertEquals(4, lines.size(), result.out);
        assertTrue(lines.get(0).matches("trapstream \\d+\\.\\d+\\.\\d+.*"), lines.get(0));
        assertTrue(lines.get(1).matches("commit: +([0-9a-f]{40}|unknown)"), lines.get(1));
        assertTrue(lines.get(2).startsWith("ND4J backend: nd4j-"), lines.get(2));
        assertTrue(lines.get(3).startsWith("ONNX Runtime: onnxruntime"), lines.get(3));
    }

    @Test
    void anUnknownFlagIsAUsageErrorThatShowsTheUsage() {
        Result result = trapstream("run", "--no-such-flag", "1");

        assertEquals(2, result.code);
        assertTrue(result.err.contains("Unknown options: '--no-such-flag', '1'"), result.err);
        assertTrue(result.err.contains("Usage: trapstream run"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void aShortFlagIsOnlyKnownWhereItMeansSomething() {
        Result result = trapstream("ingest", "--dataset", "/bees");

        assertEquals(2, result.code);
        assertTrue(result.err.startsWith("error: Unknown options: '--dataset'"), result.err);
    }

    @Test
    void anInvalidValueNamesItsKey() {
        Result result = trapstream("ingest", "--http.port", "eighty");

        assertEquals(2, result.code);
        assertTrue(result.err.contains("'http.port'"), result.err);
    }

    @Test
    void anUnknownCommandListsTheCommands() {
        Result result = trapstream("serve");

        assertEquals(2, result.code);
        assertTrue(result.err.contains("'serve'"), result.err);
        for (String command : List.of("run", "ingest", "train", "models", "labels", "completion")) {
            assertTrue(result.err.contains("\n  " + command + " "), "lists " + command + ": " + result.err);
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Result result = trapstream();

        assertEquals(2, result.code);
        assertTrue(result.err.startsWith("error: Missing a command"), result.err);
    }

    @Test
    void helpListsTheKeysOfTheCommandsGroupsOnly() {
        Result result = trapstream("ingest", "--help");

        assertEquals(0, result.code);
        assertTrue(result.out.contains("Usage: trapstream ingest"), result.out);
        assertTrue(result.out.contains("--kafka, --kafka.bootstrap.servers=HOST:PORT"), result.out);
        assertTrue(result.out.contains("--port, --http.port=PORT"), result.out);
        assertTrue(result.out.contains("--image.max.bytes=INT"), result.out);
        assertFalse(result.out.contains("--trainer.epochs"), "ingest has no training keys: " + result.out);
    }

    @Test
    void helpWorksEvenBesideABrokenValue() {
        Result result = trapstream("run", "--http.port", "eighty", "--help");

        assertEquals(0, result.code);
        assertTrue(result.out.contains("--demo.rate"), result.out);
    }

    @Test
    void aSingleRoleRefusesToStartWithoutKafka() {
        Result result = trapstream("classifier", "--port", "0");

        assertEquals(2, result.code);
        assertTrue(result.err.contains("kafka.bootstrap.servers"), result.err);
    }

    @Test
    void configPrintsEveryKeyAsMarkdown() {
        Result result = trapstream("config");

        assertEquals(0, result.code);
        assertTrue(result.out.startsWith("### general\n\n| key | env | type | default | importance |"), result.out);
        for (String key : SystemConfig.DEFINITION.keys().keySet()) {
            assertTrue(result.out.contains("| `" + key + "` |"), "table lists " + key);
        }
        assertTrue(result.out.contains("| `review.sample.rate` | `classifier.review.sample.rate` |"), "and the renamed keys");
    }

    @Test
    void configValuesChecksAWholeConfigurationAndHidesItsPasswords(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("trapstream.properties"), "kafka.sasl.password=s3cret\n"
            + "ingest.devices=camera:cam-7:t0ken\nreview.min.confidence=0.7\ntrainer.epochs=9\n");

        Result result = trapstream("config", "--values", "--config", file.toString(), "--demo.rate", "5");

        assertEquals(0, result.code, result.err);
        assertTrue(result.out.contains("kafka.sasl.password=[hidden]\n"), result.out);
        assertTrue(result.out.contains("ingest.devices=[hidden]\n"), result.out);
        assertTrue(result.out.contains("classifier.review.min.confidence=0.7\n"), result.out);
        assertTrue(result.out.contains("trainer.epochs=9\n") && result.out.contains("demo.rate=5.0\n"), result.out);
        assertTrue(result.out.contains("classifier.batch.max.delay=20ms\n"), "as a user writes it: " + result.out);
        assertFalse(result.out.contains("s3cret") || result.out.contains("t0ken"), result.out);
    }

    @Test
    void configValuesNamesAnUnknownKeyAndWhereItCameFrom(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("typo.properties"), "trainer.epoch=9\n");

        Result result = trapstream("config", "--values", "--config", file.toString());

        assertEquals(2, result.code);
        assertTrue(result.err.startsWith("error: Unknown configuration key 'trainer.epoch' (from configuration file "
            + file + ")"), result.err);
    }

    @Test
    void aSingleRoleReadsAFileWrittenForEveryRole(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("all.properties"), "trainer.epochs=9\ndemo.rate=1\n"
            + "dashboard.io.threads=3\nclassifier.top.k=2\n");

        Result result = trapstream("classifier", "--config", file.toString(), "--port", "0");

        assertEquals(2, result.code);
        assertTrue(result.err.contains("No Kafka given"), "the file passes, the missing broker stops it: " + result.err);
    }

    @Test
    void modelsListPrintsResultsOnStdoutOnly(@TempDir Path dataDir) {
        Result result = trapstream("models", "list", "--json", "--data.dir", dataDir.toString());

        assertEquals(0, result.code, result.err);
        assertEquals("[]", result.out.strip());
        assertEquals("", result.err);
    }

    @Test
    void completionIsABashScriptForEveryCommand(@TempDir Path dir) throws IOException, InterruptedException {
        Result result = trapstream("completion");

        assertEquals(0, result.code);
        for (String command : commands()) {
            assertTrue(result.out.contains("_picocli_trapstream_" + command.replace(" ", "_").replace("-", "")),
                "completes " + command);
        }
        assertTrue(result.out.contains("complete -F _complete_trapstream"), result.out);

        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no bash to check the script's syntax");
        Path script = Files.writeString(dir.resolve("trapstream-completion.bash"), result.out);
        Process check = new ProcessBuilder(bash.toString(), "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), output);
    }

    @Test
    void credentialsHashPrintsANewSecretAndOnlyItsStoredForm() {
        Result result = trapstream("credentials", "hash");

        assertEquals(0, result.code, result.err);
        Matcher printed = Pattern.compile("secret  ([A-Za-z0-9_-]{22})\nstored  (pbkdf2-sha256\\$600000\\$\\S+)\n")
            .matcher(result.out);
        assertTrue(printed.matches(), result.out);
        assertTrue(SecretHash.parse(printed.group(2)).matches(printed.group(1)));
    }

    @Test
    void credentialsHashOfAGivenSecretRefusesAWeakOne() {
        String strong = "Correct-Horse-Battery-Staple-42";
        Result given = withStdin(strong + "\n", () -> trapstream("credentials", "hash", "--stdin"));
        Result weak = withStdin("Password123!\n", () -> trapstream("credentials", "hash", "--stdin"));

        assertEquals(0, given.code, given.err);
        assertTrue(SecretHash.parse(given.out.strip()).matches(strong));
        assertFalse(given.out.contains(strong));
        assertEquals(2, weak.code);
        assertTrue(weak.err.contains("the secret is too weak: 12 characters"), weak.err);
        assertFalse(weak.err.contains("Password123"), weak.err);
        assertTrue(trapstream("credentials", "hash", "--help").out.contains("Exit codes:"));
    }

    private static Result withStdin(String input, Supplier<Result> run) {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void theReadmeShowsTheOverviewAsItIs() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String overview = trapstream("--help").out;

        assertTrue(readme.contains("```\n$ ./trapstream --help\n" + overview + "```\n"),
            "README.md's `./trapstream --help` block is out of step; it should read:\n" + overview);
    }
}
