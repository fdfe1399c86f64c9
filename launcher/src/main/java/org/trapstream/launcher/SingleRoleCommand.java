package org.trapstream.launcher;

import java.util.List;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.role.RoleHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One role in its own process, against an existing Kafka cluster: how Trapstream scales out. It serves, with its
 * own {@code /health} and, on its metrics port, {@code /metrics}, until the process is told to stop.
 */
abstract class SingleRoleCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SingleRoleCommand.class);

    @Mixin
    private final CommandContext context;
    private final String role;

    /** The role is the one the subclass's {@code @Command} names. */
    SingleRoleCommand() {
        this.role = getClass().getAnnotation(Command.class).name();
        this.context = Serving.context(Roles.keys(role));
    }

    @Override
    public Integer call() {
        TrapstreamConfig config = context.config();
        KafkaClients.bootstrapServers(config); // fails with a clear message when no broker is given
        TopicAdmin.ensureTopics(config);
        RoleHost host = RoleHost.start(config, List.of(Roles.create(role)));
        Serving.closeOnShutdown(host::close);
        LOG.info("The {} role is serving on {} (Kafka {})", role, LocalAddress.url(config, host.httpPort()),
            config.getString(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS));
        return Serving.untilShutdown();
    }

    @Command(name = "ingest", description = "The ingest role alone: validates, de-duplicates and stores images from "
        + "HTTP and the raw topic.")
    static final class Ingest extends SingleRoleCommand {
    }

    @Command(name = "classifier", description = "The classifier role alone: classifies stored images in micro-batches "
        + "with the promoted model.")
    static final class Classifier extends SingleRoleCommand {
    }

    @Command(name = "trainer", description = "The trainer role alone: collects labels, retrains and promotes better "
        + "models.")
    static final class Trainer extends SingleRoleCommand {
    }

    @Command(name = "events", description = "The events role alone: groups each camera's predictions into sequences "
        + "and publishes one event per sequence. Run one instance.")
    static final class Events extends SingleRoleCommand {
    }

    @Command(name = "dashboard", description = "The dashboard role alone: prediction lookups, the review queue and the "
        + "labelling page.")
    static final class Dashboard extends SingleRoleCommand {
    }
}
