package org.trapstream.launcher;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.trapstream.common.config.TrapstreamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code config}: the configuration reference, generated from its one definition (the README's table is this). */
@Command(name = "config", description = "Prints every configuration key as a Markdown table (key, environment "
    + "variable, type, default, description).")
final class ConfigCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(TrapstreamConfig.DEFINITION.toMarkdown());
        out.flush();
        return ExitCode.OK;
    }
}
