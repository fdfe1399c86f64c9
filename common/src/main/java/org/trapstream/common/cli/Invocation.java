package org.trapstream.common.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * One run of the command line: where its commands write (results on {@code out}, messages and progress on
 * {@code err}) and the environment they read {@code TRAPSTREAM_*} variables from. Tests pass their own.
 */
public record Invocation(PrintStream out, PrintStream err, Map<String, String> env) {

    public Invocation {
        env = Map.copyOf(env);
    }

    /** The process's own streams and environment. */
    public static Invocation ofProcess() {
        return new Invocation(System.out, System.err, System.getenv());
    }
}
