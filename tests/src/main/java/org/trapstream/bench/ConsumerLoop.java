package org.trapstream.bench;

import java.time.Duration;
import java.util.HashMap;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.KafkaClients;

/**
 * A consumer with Trapstream's settings, polled on a thread of its own (named after its client id) from
 * {@link #start()} until {@link #close()}. What stops the loop otherwise is kept as {@link #failure()} for the
 * owner to report.
 */
abstract class ConsumerLoop implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    protected final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile RuntimeException failure;

    ConsumerLoop(TrapstreamConfig config, String clientId) {
        this.consumer = new KafkaConsumer<>(new HashMap<String, Object>(
            KafkaClients.consumer(config, clientId, clientId)));
        this.thread = new Thread(this::run, clientId);
    }

    /** Called on the loop's thread with each poll's records. */
    protected abstract void handle(ConsumerRecords<String, byte[]> records);

    /** Called on the loop's thread when {@link #close()} stopped it, before the consumer closes. */
    protected void stopped() {
    }

    /** Starts polling; call once the consumer is subscribed or assigned. */
    protected final void start() {
        thread.start();
    }

    final RuntimeException failure() {
        return failure;
    }

    private void run() {
        try {
            while (true) {
                handle(consumer.poll(POLL));
            }
        } catch (WakeupException e) {
            stopped();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        Timing.join(thread);
    }
}
