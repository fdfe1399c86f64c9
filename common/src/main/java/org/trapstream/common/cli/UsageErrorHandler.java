package org.trapstream.common.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that cannot run as written: what is wrong, the command's synopsis (and its subcommands, if it
 * has some) on stderr, and where the full help is; exit 2. The full help is long, for it lists the keys.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        // Picocli starts some messages (those of option groups) with its own "Error: ".
        err.println("error: " + e.getMessage().replaceFirst("^Error: ", ""));
        UnmatchedArgumentException.printSuggestions(e, err);
        Help help = command.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.print(help.commandListHeading() + help.commandList());
        err.println(HelpHint.of(command));
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
