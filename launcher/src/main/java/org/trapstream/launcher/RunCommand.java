package org.trapstream.launcher;

import java.util.concurrent.Callable;

import org.trapstream.common.cli.CommandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import static org.trapstream.launcher.SystemConfig.DEMO_DATASET;

/** {@code run}: the whole system on this machine ({@link LocalSystem}), until Ctrl-C. */
@Command(name = "run", description = "Everything in one process: an embedded Kafka broker (unless --kafka is given), "
    + "a first model when there is none, all five roles, the review page and a demo camera.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    private final CommandContext context = Serving.context(SystemConfig.DEFINITION)
        .alias("--dataset", DEMO_DATASET, "DIR");

    @Override
    public Integer call() {
        LocalSystem system = new LocalSystem(context.config());
        // Stop on Ctrl-C from the start: a first run trains for minutes before it serves.
        Serving.closeOnShutdown(system::close);
        system.start(context.out());
        context.out().println(system.banner());
        return Serving.untilShutdown();
    }
}
