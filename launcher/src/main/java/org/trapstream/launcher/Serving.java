package org.trapstream.launcher;

import org.trapstream.common.cli.CommandContext;
import org.trapstream.common.config.ConfigDef;

import static org.trapstream.common.config.HttpSettings.HTTP_PORT;
import static org.trapstream.common.config.KafkaSettings.KAFKA_BOOTSTRAP_SERVERS;

/**
 * What the serving commands ({@code run} and the single roles) share: the short flags for the broker and the HTTP
 * port, and a life that lasts until the process is told to stop (Ctrl-C, SIGTERM).
 */
final class Serving {

    private Serving() {
    }

    /** The context of a serving command that reads these keys. */
    static CommandContext context(ConfigDef keys) {
        return CommandContext.reading(keys)
            .alias("--kafka", KAFKA_BOOTSTRAP_SERVERS, "HOST:PORT")
            .alias("--port", HTTP_PORT, "PORT");
    }

    /** Closes what serves when the JVM shuts down, in a hook of its own. */
    static void closeOnShutdown(Runnable close) {
        Runtime.getRuntime().addShutdownHook(new Thread(close, "trapstream-shutdown"));
    }

    /**
     * Keeps the process serving until it is told to stop. The shutdown hooks then stop everything in order; the
     * JVM exits when they are done, so this never returns.
     */
    static int untilShutdown() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // Only the JVM's shutdown ends serving.
            }
        }
    }
}
