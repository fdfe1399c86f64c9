package org.trapstream.model.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import org.trapstream.common.config.ConfigException;
import org.trapstream.serving.ModelVerificationException;

/**
 * Runs a command body with the model commands' shared conventions: stdout carries results only, messages
 * go to stderr; a usage error prints the usage and exits 2; a failure that stops the command exits 1.
 */
final class CommandRunner {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @FunctionalInterface
    interface Body {
        int run(CommandLine line) throws UsageException;
    }

    private CommandRunner() {
    }

    static int run(String usage, Set<String> valueOptions, Set<String> flagOptions, List<String> args, Body body) {
        PrintStream err = System.err;
        try {
            return body.run(CommandLine.parse(args, valueOptions, flagOptions));
        } catch (UsageException | ConfigException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: " + usage);
            return USAGE;
        } catch (ModelVerificationException | UncheckedIOException | IllegalArgumentException | NoSuchElementException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }
}
