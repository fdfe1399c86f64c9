package org.trapstream.launcher;

import java.util.concurrent.Callable;

import org.trapstream.common.cli.CommandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code config}: the configuration reference, generated from the roles' definitions composed
 * ({@link SystemConfig}; the README's tables are this), or the checked values of a whole configuration.
 */
@Command(name = "config", description = {"Prints every configuration key as Markdown tables (key, environment "
    + "variable, type, default, importance, description).",
    "One table per role and shared part, then the renamed keys. With --values, checks a whole configuration "
        + "(--config FILE, TRAPSTREAM_* variables, flags) against every key and prints each key's value instead, "
        + "passwords hidden."})
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    private final CommandContext context = CommandContext.reading(SystemConfig.DEFINITION);

    @Option(names = "--values", description = "Check the configuration and print key=value lines.")
    private boolean values;

    @Override
    public Integer call() {
        context.out().print(values ? context.config().toString() : SystemConfig.DEFINITION.toMarkdown());
        context.out().flush();
        return ExitCode.OK;
    }
}
