package org.trapstream.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.config.TrapstreamConfig.DATA_DIR;
import static org.trapstream.common.config.TrapstreamConfig.DEMO_DATASET;
import static org.trapstream.common.config.TrapstreamConfig.DEMO_RATE;
import static org.trapstream.common.config.TrapstreamConfig.HTTP_PORT;
import static org.trapstream.common.config.TrapstreamConfig.KAFKA_BOOTSTRAP_SERVERS;
import static org.trapstream.common.config.TrapstreamConfig.TOP_K;
import static org.trapstream.common.config.TrapstreamConfig.TRAIN_EPOCHS;

class CommandLineTest {

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trapstream.properties");
        Files.writeString(file, "http.port=1111\ndata.dir=/from/file\ndemo.rate=3\n");
        Map<String, String> env = Map.of("TRAPSTREAM_HTTP_PORT", "2222", "TRAPSTREAM_DEMO_RATE", "4");

        TrapstreamConfig config = CommandLine.parse(Command.RUN,
            List.of("--config", file.toString(), "--http.port", "3333"), env).config();

        assertEquals(3333, config.getInt(HTTP_PORT), "flag wins");
        assertEquals(4.0, config.getDouble(DEMO_RATE), "environment beats the file");
        assertEquals(Path.of("/from/file"), config.getPath(DATA_DIR), "file beats the default");
        assertEquals(3, config.getInt(TOP_K), "default when nobody sets it");
    }

    @Test
    void shortFlagsSetTheirKeysInBothSpellings() {
        TrapstreamConfig config = CommandLine.parse(Command.RUN,
            List.of("--kafka", "broker:9093", "--port=8181", "--dataset", "/bees", "--config=" + "/dev/null"),
            Map.of()).config();

        assertEquals("broker:9093", config.getString(KAFKA_BOOTSTRAP_SERVERS));
        assertEquals(8181, config.getInt(HTTP_PORT));
        assertEquals(Path.of("/bees"), config.getPath(DEMO_DATASET));
    }

    @Test
    void aShortFlagIsOnlyKnownWhereItMeansSomething() {
        UsageException e = assertThrows(UsageException.class,
            () -> CommandLine.parse(Command.INGEST, List.of("--dataset", "/bees"), Map.of()));
        assertTrue(e.getMessage().contains("Unknown option --dataset"), e.getMessage());
    }

    @Test
    void modelCommandsKeepTheirOwnArgumentsAndTakeConfigurationFlags() {
        CommandLine line = CommandLine.parse(Command.TRAIN,
            List.of("--data", "/bees/train", "--trainer.epochs=2", "--out", "x"), Map.of());

        assertEquals(List.of("--data", "/bees/train", "--out", "x"), line.arguments());
        assertEquals(2, line.config().getInt(TRAIN_EPOCHS));
    }

    @Test
    void anUnknownFlagIsAUsageErrorThatShowsTheUsage() {
        Result result = execute("run", "--no-such-flag", "1");

        assertEquals(Main.USAGE, result.code);
        assertTrue(result.err.contains("Unknown option --no-such-flag for 'run'"), result.err);
        assertTrue(result.err.contains("Usage: trapstream run"), result.err);
    }

    @Test
    void anInvalidValueNamesItsKey() {
        Result result = execute("ingest", "--http.port", "eighty");

        assertEquals(Main.USAGE, result.code);
        assertTrue(result.err.contains("'http.port'"), result.err);
    }

    @Test
    void anUnknownCommandListsTheCommands() {
        Result result = execute("serve");

        assertEquals(Main.USAGE, result.code);
        assertTrue(result.err.contains("unknown command 'serve'"), result.err);
        for (Command command : Command.values()) {
            assertTrue(result.err.contains("  " + command.word + " "), "overview lists " + command.word);
        }
    }

    @Test
    void helpListsTheKeysOfTheCommandsGroupsOnly() {
        Result result = execute("ingest", "--help");

        assertEquals(Main.OK, result.code);
        assertTrue(result.out.contains("Usage: trapstream ingest"), result.out);
        assertTrue(result.out.contains("--kafka HOST:PORT"), result.out);
        assertTrue(result.out.contains("--kafka.bootstrap.servers"), result.out);
        assertTrue(result.out.contains("--image.max.bytes"), result.out);
        assertFalse(result.out.contains("--trainer.epochs"), "ingest has no training keys: " + result.out);
    }

    @Test
    void helpWorksEvenBesideABrokenValue() {
        Result result = execute("run", "--http.port", "eighty", "--help");

        assertEquals(Main.OK, result.code);
        assertTrue(result.out.contains("--demo.rate"), result.out);
    }

    @Test
    void aSingleRoleRefusesToStartWithoutKafka() {
        Result result = execute("classifier", "--port", "0");

        assertEquals(Main.USAGE, result.code);
        assertTrue(result.err.contains("kafka.bootstrap.servers"), result.err);
    }

    @Test
    void configPrintsEveryKeyAsMarkdown() {
        Result result = execute("config");

        assertEquals(Main.OK, result.code);
        assertTrue(result.out.startsWith("| key | env |"), result.out);
        for (String key : TrapstreamConfig.DEFINITION.keys().keySet()) {
            assertTrue(result.out.contains("| `" + key + "` |"), "table lists " + key);
        }
    }

    private record Result(int code, String out, String err) {}

    private static Result execute(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).execute(List.of(args));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
