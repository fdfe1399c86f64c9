package org.trapstream.common.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

import org.trapstream.common.config.ConfigDef;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds the picocli command line of a command, with the conventions every Trapstream command follows: results
 * on stdout, messages on stderr; exit 0 when done, 1 when a failure stopped the command, 2 when the command line
 * or the configuration is wrong; {@code -h}/{@code --help} everywhere; a repeated option keeps its last value,
 * as configuration flags always did.
 */
public final class CommandLines {

    private static final Map<String, String> EXIT_CODES = exitCodes();

    private CommandLines() {
    }

    /** The command and its subcommands, their {@link CommandContext}s attached to the invocation. */
    public static CommandLine create(Object command, Invocation invocation) {
        return create(command, invocation, null);
    }

    /**
     * The same, for a command line whose commands read different keys: a properties file may hold any of
     * {@code knownKeys} (one file for every command), and only keys outside them are unknown.
     */
    public static CommandLine create(Object command, Invocation invocation, ConfigDef knownKeys) {
        CommandLine line = new CommandLine(command);
        configure(line, invocation, knownKeys);
        return line
            .setOut(new PrintWriter(invocation.out(), true))
            .setErr(new PrintWriter(invocation.err(), true))
            .setOverwrittenOptionsAllowed(true)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setParameterExceptionHandler(new UsageErrorHandler())
            .setExecutionExceptionHandler(new FailureHandler());
    }

    private static void configure(CommandLine line, Invocation invocation, ConfigDef knownKeys) {
        CommandSpec spec = line.getCommandSpec();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof CommandContext context) {
                context.attach(spec, invocation, knownKeys);
            }
        }
        // Only the top command has --version: `predict --version V` names a model version.
        if (!spec.optionsMap().containsKey("--help")) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        }
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        // A subcommand's aliases map to it again; configure each once.
        new LinkedHashSet<>(line.getSubcommands().values()).forEach(sub -> configure(sub, invocation, knownKeys));
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(String.valueOf(ExitCode.OK), "done");
        codes.put(String.valueOf(ExitCode.SOFTWARE), "a failure stopped the command (the message says which)");
        codes.put(String.valueOf(ExitCode.USAGE), "the command line or the configuration is wrong");
        return Collections.unmodifiableMap(codes);
    }
}
