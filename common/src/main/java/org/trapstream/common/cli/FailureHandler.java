package org.trapstream.common.cli;

import java.io.PrintWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that stopped on an exception: its message on stderr, exit 1; a configuration that does not hold
 * (a value out of range, a key a role needs) is the command line's fault, exit 2. The messages are written for
 * operators; the stack trace goes to the debug log ({@code org.trapstream.common.cli} at debug shows it).
 */
final class FailureHandler implements IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        LOG.debug("{} failed", command.getCommandSpec().qualifiedName(), e);
        if (e instanceof ConfigException) {
            err.println(HelpHint.of(command));
            err.flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }
}
