package org.trapstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;

/**
 * A camera network on camtrap.images.raw, as gateways publish: the payload images in turn, each made a file of its
 * own ({@link ImageSet#withComment}) so that ingest's de-duplication passes it, at a steady rate. Remembers when
 * each image id was handed to the producer.
 */
final class RawCamera implements AutoCloseable {

    private static final String CAMERA = "soak-cam-01";

    private final KafkaProducer<String, byte[]> producer;
    private final List<byte[]> images;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sequence;

    RawCamera(TrapstreamConfig config, ImageSet images) {
        this.producer = new KafkaProducer<>(new HashMap<String, Object>(KafkaClients.producer(config, "soak-camera")));
        this.images = images.images();
    }

    /**
     * Sends at {@code perSecond} for {@code duration}, open loop: a late send does not move the schedule, so a slow
     * system shows as latency and lag rather than as a lower offered rate.
     */
    void paced(double perSecond, Duration duration) {
        long period = Math.round(1e9 / perSecond);
        long start = System.nanoTime();
        long count = Math.max(1, duration.toNanos() / period);
        for (long k = 0; k < count; k++) {
            Timing.sleepUntil(start + k * period);
            send();
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("Producing soak images failed: " + failure.get(), failure.get());
        }
    }

    private void send() {
        long n = sequence++;
        byte[] image = ImageSet.withComment(images.get((int) (n % images.size())), "soak " + n);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IMAGES_RAW, image);
        record.headers().add(ImageHeaders.CAMERA_ID, CAMERA.getBytes(StandardCharsets.UTF_8));
        sentAt.put(ImageIds.of(image), System.nanoTime());
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Image id -> {@link System#nanoTime()} it was handed to the producer; grows as it sends. */
    Map<String, Long> sentAt() {
        return sentAt;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
