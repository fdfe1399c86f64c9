package org.trapstream.classifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;

/**
 * Follows {@link Topics#MODELS} on its own thread. Every classifier instance must see every announcement, so
 * the consumer joins no group: it is assigned all partitions and reads the compacted topic from the beginning.
 * The backlog found at start is collapsed to the newest announcement per model (replaying old promotions would
 * swap through stale versions); after that, each announcement is delivered as it arrives.
 */
final class ModelFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<ModelAnnouncement> deliver;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** {@code deliver} runs on the follower thread and must not block. */
    ModelFollower(KafkaConsumer<String, byte[]> consumer, Consumer<ModelAnnouncement> deliver) {
        this.consumer = consumer;
        this.deliver = deliver;
        this.thread = new Thread(this::run, "classifier-model-follower");
    }

    void start() {
        thread.start();
    }

    boolean healthy() {
        return failure == null;
    }

    /** Blocking: call from a worker. */
    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MODELS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            catchUp(consumer.endOffsets(partitions));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    parse(record).ifPresent(deliver);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Model follower woken up to stop");
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("The model follower stopped; no more hot swaps: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void catchUp(Map<TopicPartition, Long> end) {
        Map<String, ModelAnnouncement> newest = new LinkedHashMap<>();
        while (running && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                if (record.value() == null) {
                    newest.remove(record.key()); // a tombstone: the model was deleted
                }
                parse(record).ifPresent(a -> newest.put(a.modelName(), a));
            }
        }
        newest.values().forEach(deliver);
    }

    private static Optional<ModelAnnouncement> parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelAnnouncement.fromJson(new JsonObject(
                new String(record.value(), StandardCharsets.UTF_8))));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an unreadable model announcement at offset {}: {}", record.offset(), e.toString());
            return Optional.empty();
        }
    }
}
