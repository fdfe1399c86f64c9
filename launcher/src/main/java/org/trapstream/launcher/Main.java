package org.trapstream.launcher;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.cli.EvaluateCommand;
import org.trapstream.model.cli.LrFindCommand;
import org.trapstream.model.cli.ModelsCommand;
import org.trapstream.model.cli.PredictCommand;
import org.trapstream.model.cli.TrainCommand;
import org.trapstream.model.cli.TuneCommand;
import org.trapstream.trainer.cli.LabelsCommand;

/**
 * The {@code trapstream} command line. Exit codes: 0 done, 1 the command failed, 2 the command line or the
 * configuration is wrong.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, System.getenv()).execute(List.of(args)));
    }

    int execute(List<String> args) {
        if (args.isEmpty()) {
            err.print(Help.overview());
            return USAGE;
        }
        String word = args.get(0);
        if (List.of("--help", "-h", "help").contains(word)) {
            out.print(Help.overview());
            return OK;
        }
        Optional<Command> command = Command.named(word);
        if (command.isEmpty()) {
            err.println("trapstream: unknown command '" + word + "'");
            err.println();
            err.print(Help.overview());
            return USAGE;
        }
        CommandLine line;
        try {
            line = CommandLine.parse(command.get(), args.subList(1, args.size()), env);
        } catch (UsageException | ConfigException e) {
            err.println("trapstream " + word + ": " + e.getMessage());
            err.println();
            err.print(Help.of(command.get()));
            return USAGE;
        }
        if (line.help()) {
            out.print(Help.of(command.get()));
            return OK;
        }
        try {
            return dispatch(line);
        } catch (UsageException | ConfigException e) {
            err.println("trapstream " + word + ": " + e.getMessage());
            err.println("Run 'trapstream " + word + " --help' for its options.");
            return USAGE;
        } catch (RuntimeException e) {
            LOG.error("trapstream {} failed", word, e);
            return FAILED;
        }
    }

    private int dispatch(CommandLine line) {
        TrapstreamConfig config = line.config();
        return switch (line.command()) {
            case RUN -> {
                LocalSystem system = new LocalSystem(config);
                // Stop on Ctrl-C from the start: a first run trains for minutes before it serves.
                Runtime.getRuntime().addShutdownHook(new Thread(system::close, "trapstream-shutdown"));
                system.start(out);
                out.println(system.banner());
                yield awaitShutdown();
            }
            case INGEST, CLASSIFIER, TRAINER, DASHBOARD -> {
                RoleHost role = SingleRole.start(config, line.command().word);
                Runtime.getRuntime().addShutdownHook(new Thread(role::close, "trapstream-shutdown"));
                yield awaitShutdown();
            }
            case TRAIN -> TrainCommand.run(config, line.arguments(), out);
            case TUNE -> TuneCommand.run(config, line.arguments(), out);
            case LR_FIND -> LrFindCommand.run(config, line.arguments(), out);
            case EVALUATE -> EvaluateCommand.run(config, line.arguments(), out);
            case PREDICT -> PredictCommand.run(config, line.arguments(), out);
            case MODELS -> ModelsCommand.run(config, line.arguments(), out);
            case LABELS -> LabelsCommand.run(config, line.arguments(), out);
            case CONFIG -> {
                out.print(TrapstreamConfig.DEFINITION.toMarkdown());
                yield OK;
            }
        };
    }

    /**
     * Keeps the process serving until it is told to stop (Ctrl-C, SIGTERM). The shutdown hooks then stop
     * everything in order; the JVM exits when they are done, so this never returns.
     */
    private static int awaitShutdown() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // Only the JVM's shutdown ends serving.
            }
        }
    }
}
