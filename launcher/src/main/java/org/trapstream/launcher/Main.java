package org.trapstream.launcher;

import org.trapstream.common.cli.CommandLines;
import org.trapstream.common.cli.Invocation;
import org.trapstream.common.io.SerialFilter;

/** Runs the {@code trapstream} command line ({@link TrapstreamCommand}) and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Commands load model files without a role host around them.
        SerialFilter.installIfAbsent();
        System.exit(run(Invocation.ofProcess(), args));
    }

    static int run(Invocation invocation, String... args) {
        return CommandLines.create(new TrapstreamCommand(), invocation, SystemConfig.DEFINITION).execute(args);
    }
}
