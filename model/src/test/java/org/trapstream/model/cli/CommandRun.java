package org.trapstream.model.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;

/** A command run as {@code trapstream} runs it: its exit code and what it wrote to stdout and stderr. */
record CommandRun(int exitCode, String stdout, String stderr) {

    static CommandRun of(Object command, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = CommandLines.create(command, new Invocation(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env)).execute(args);
        return new CommandRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return stdout.lines().filter(l -> !l.isBlank()).toList();
    }

    String lastLine() {
        List<String> lines = lines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
