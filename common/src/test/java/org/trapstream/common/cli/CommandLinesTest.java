package org.trapstream.common.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.GeneralSettings.DATA_DIR;
import static org.trapstream.common.config.HttpSettings.HTTP_PORT;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SASL_PASSWORD;

/** The conventions every command gets from {@link CommandLines}: configuration, exit codes, streams, help. */
class CommandLinesTest {

    private static final String RATE = "probe.rate";
    private static final String SIZE = "probe.size";
    private static final String OTHER_COUNT = "other.count";

    /** What the probe reads: shared keys and two of its own, one of them renamed. */
    private static final ConfigDef PROBE_KEYS = new ConfigDef("probe")
        .include(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION, HttpSettings.DEFINITION)
        .define(RATE, DOUBLE, "1", MEDIUM, "A rate.")
        .define(SIZE, INT, "3", LOW, "A size.")
        .renamed("rate", RATE);

    /** Every key of the command line: the probe's, and one only another command reads. */
    private static final ConfigDef ALL_KEYS = new ConfigDef("other")
        .include(PROBE_KEYS)
        .define(OTHER_COUNT, INT, "1", LOW, "Read by another command.");

    /** Reads its configuration, optionally fails, and says what it saw. */
    @Command(name = "probe", description = "A command for the tests.")
    static final class Probe implements Callable<Integer> {

        @Mixin
        private final CommandContext context = CommandContext.reading(PROBE_KEYS)
            .alias("--port", HTTP_PORT, "PORT");

        @Option(names = "--fail", description = "Stop with this message.")
        private String failure;

        @Option(names = "--budget", converter = Values.TimeSpan.class, description = "A duration.")
        private Duration budget;

        @Option(names = "--count", converter = Values.PositiveInteger.class, description = "A count.")
        private Integer count;

        private TrapstreamConfig seen;

        @Override
        public Integer call() {
            seen = context.config();
            if (failure != null) {
                throw new IllegalArgumentException(failure);
            }
            context.out().println("port " + seen.getInt(HTTP_PORT));
            return 0;
        }
    }

    @Command(name = "group", subcommands = Probe.class)
    static final class Group extends CommandGroup {
    }

    private record Run(int code, String out, String err, Probe probe) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Probe probe = new Probe();
        int code = CommandLines.create(probe, new Invocation(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env), ALL_KEYS).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), probe);
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trapstream.properties"), "http.port=1111\ndata.dir=/from/file\nprobe.rate=3\n");
        Map<String, String> env = Map.of("TRAPSTREAM_HTTP_PORT", "2222", "TRAPSTREAM_PROBE_RATE", "4");

        TrapstreamConfig config = run(env, "--config", file.toString(), "--http.port", "3333").probe.seen;

        assertEquals(3333, config.getInt(HTTP_PORT), "flag wins");
        assertEquals(4.0, config.getDouble(RATE), "environment beats the file");
        assertEquals(Path.of("/from/file"), config.getPath(DATA_DIR), "file beats the default");
        assertEquals(3, config.getInt(SIZE), "default when nobody sets it");
    }

    @Test
    void keysAndAliasesTakeTheirValueInBothSpellingsAndTheLastOneWins() {
        TrapstreamConfig config = run("--port=8181", "--data.dir", "/one", "--data.dir=/two", "--config=/dev/null",
            "--probe.size", "7").probe.seen;

        assertEquals(8181, config.getInt(HTTP_PORT));
        assertEquals(Path.of("/two"), config.getPath(DATA_DIR));
        assertEquals(7, config.getInt(SIZE));
    }

    @Test
    void aRenamedKeyStillWorksInEverySourceAndTheNewNameWins(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("old.properties"), "rate=5\n");

        assertEquals(5.0, run("--config", file.toString()).probe.seen.getDouble(RATE), "from an old file");
        assertEquals(6.0, run(Map.of("TRAPSTREAM_RATE", "6")).probe.seen.getDouble(RATE), "from an old variable");
        assertEquals(7.0, run("--rate", "7").probe.seen.getDouble(RATE), "from an old flag");
        assertEquals(8.0, run("--rate", "7", "--probe.rate", "8").probe.seen.getDouble(RATE), "the new name wins");
        assertEquals(9.0, run(Map.of("TRAPSTREAM_RATE", "9"), "--config", file.toString()).probe.seen.getDouble(RATE),
            "sources keep their precedence");
        assertFalse(run("--help").out.contains("--rate"), "the old flag is hidden");
    }

    @Test
    void aFileMayHoldKeysOtherCommandsReadButNoUnknownOnes(@TempDir Path dir) throws Exception {
        Path shared = Files.writeString(dir.resolve("shared.properties"), "other.count=2\nprobe.size=4\n");
        Path typo = Files.writeString(dir.resolve("typo.properties"), "probe.sise=4\n");

        assertEquals(4, run("--config", shared.toString()).probe.seen.getInt(SIZE));
        Run unknown = run("--config", typo.toString());
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.startsWith("error: Unknown configuration key 'probe.sise' (from configuration file "
            + typo + ")"), unknown.err);
        assertEquals(2, run("--other.count", "2").code, "a flag the command does not read is unknown");
    }

    @Test
    void anInvalidValueNamesItsKeyAndWhereItCameFrom(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "probe.size=0.5\n");

        assertTrue(run(Map.of("TRAPSTREAM_PROBE_SIZE", "many")).err.startsWith("error: Invalid value 'many' for "
            + "configuration key 'probe.size' (from environment variable TRAPSTREAM_PROBE_SIZE): is not a valid int"),
            "environment");
        assertTrue(run("--config", file.toString()).err.startsWith("error: Invalid value '0.5' for configuration key "
            + "'probe.size' (from configuration file " + file + ")"), "file");
        assertTrue(run("--rate", "fast").err.startsWith("error: Invalid value 'fast' for configuration key "
            + "'probe.rate' (from flag --rate)"), "an old flag");
    }

    @Test
    void resultsGoToStdoutAndNothingElse() {
        Run run = run("--port", "80");

        assertEquals(0, run.code);
        assertEquals("port 80" + System.lineSeparator(), run.out);
        assertEquals("", run.err);
    }

    @Test
    void anUnknownOptionIsAUsageErrorOnStderr() {
        Run run = run("--kafka", "broker:9092");

        assertEquals(2, run.code);
        assertEquals("", run.out);
        assertTrue(run.err.startsWith("error: Unknown options: '--kafka', 'broker:9092'"), run.err);
        assertTrue(run.err.contains("Usage: probe [-h]"), run.err);
        assertTrue(run.err.contains("Run 'probe --help'"), run.err);
        assertNull(run.probe.seen, "it never ran");
    }

    @Test
    void anInvalidConfigurationValueIsAUsageErrorThatNamesItsKey() {
        Run run = run("--http.port", "eighty");

        assertEquals(2, run.code);
        assertTrue(run.err.startsWith("error: Invalid value 'eighty' for configuration key 'http.port' "
            + "(from flag --http.port)"), run.err);
    }

    @Test
    void aFailureExitsWithOneAndItsMessageOnStderr() {
        Run run = run("--fail", "the dataset is empty");

        assertEquals(1, run.code);
        assertEquals("", run.out);
        assertEquals("error: the dataset is empty", run.err.strip());
    }

    @Test
    void valuesThatDoNotFitAreUsageErrors() {
        assertEquals(2, run("--count", "0").code);
        assertEquals(2, run("--count", "many").code);
        assertEquals(2, run("--budget", "soon").code);
        assertTrue(run("--budget", "soon").err.contains("'soon' is not a duration"), run("--budget", "soon").err);
        assertEquals(Duration.ofMinutes(10), run("--budget", "10m").probe.budget);
    }

    @Test
    void helpListsTheOptionsTheAliasesAndTheKeysTheCommandReads() {
        Run run = run("--help");

        assertEquals(0, run.code);
        assertTrue(run.out.startsWith("Usage: probe [-h]"), run.out);
        assertTrue(run.out.contains("--port, --http.port=PORT"), "the alias, with the key's doc: " + run.out);
        assertTrue(run.out.contains("--config=FILE"), run.out);
        assertTrue(run.out.contains("Configuration keys it reads"), run.out);
        for (ConfigDef.Key key : ALL_KEYS.keys().values()) {
            assertEquals(PROBE_KEYS.contains(key.name()), run.out.contains("--" + key.name() + "="), key.name());
        }
        assertTrue(run.out.contains("--" + KAFKA_SASL_PASSWORD + "=PASSWORD"), run.out);
        assertTrue(run.out.contains("Exit codes:"), run.out);
    }

    @Test
    void helpWorksEvenBesideABrokenValue() {
        Run run = run("--http.port", "eighty", "--help");

        assertEquals(0, run.code);
        assertTrue(run.out.contains("--data.dir"), run.out);
    }

    @Test
    void aGroupAloneIsAUsageErrorThatListsItsCommands() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandLines.create(new Group(), new Invocation(System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())).execute();

        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("error: Missing a command"), text);
        assertTrue(text.contains("  probe  A command for the tests."), text);
        assertTrue(text.contains("Run 'group COMMAND --help'"), text);
    }
}
