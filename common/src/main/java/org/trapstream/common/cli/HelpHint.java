package org.trapstream.common.cli;

import picocli.CommandLine;

/** The line after an error that points to the full help, which is long: it lists the configuration keys. */
final class HelpHint {

    private HelpHint() {
    }

    static String of(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName();
        return command.getSubcommands().isEmpty()
            ? "Run '" + name + " --help' for its options and the configuration keys it reads."
            : "Run '" + name + " COMMAND --help' for the options of a command.";
    }
}
