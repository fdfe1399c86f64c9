package org.trapstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.image.ImageInfo;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;
import org.trapstream.image.store.ImageStore;
import org.trapstream.ingest.IngestConfig;

/**
 * Produces validated image records onto camtrap.images as ingest would, with the producer settings every
 * Trapstream role uses and the configured {@code ingest.image.payload}. The payload images repeat, but each
 * record gets its own image id (the SHA-256 of a counter): the classifier does not de-duplicate, and the
 * benchmark tells predictions apart by id. A stored record's id is a hard link to its image in the image store:
 * ingest writes every image there whatever the payload, so that write is not part of what is compared.
 */
final class ImageFeeder implements AutoCloseable {

    private static final String CAMERA = "bench-cam-01";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaProducer<String, byte[]> producer;
    private final List<byte[]> images;
    private final List<ImageInfo> infos;
    private final ImagePayload payload;
    private final ImageStore store;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sequence;

    ImageFeeder(TrapstreamConfig config, ImageSet images, ImageLimits limits) {
        this.producer = new KafkaProducer<>(new HashMap<String, Object>(KafkaClients.producer(config, "bench-feeder")));
        this.images = images.images();
        this.infos = this.images.stream().map(bytes -> ImageProbe.probe(bytes, limits)).toList();
        this.payload = IngestConfig.imagePayload(config);
        this.store = new ImageStore(config.imageStoreDir());
        this.images.forEach(bytes -> store.put(ImageIds.of(bytes), bytes));
    }

    /**
     * Sends {@code count} records as fast as the producer takes them; returns once Kafka acknowledged all.
     * The first record of each partition goes alone: an idempotent producer that pipelines batches to a new
     * partition whose leader is not ready yet can see its first batch refused and a later one accepted, after
     * which the broker refuses every retry of the first as out of order (seen here right after topic creation).
     */
    Map<String, Long> preload(int count) {
        Map<String, Long> sent = new LinkedHashMap<>();
        int partitions = producer.partitionsFor(Topics.IMAGES).size();
        for (int i = 0; i < count; i++) {
            Future<RecordMetadata> acknowledged = send(sent, i < partitions ? i : null);
            if (i < partitions) {
                await(acknowledged);
            }
        }
        return flushed(sent);
    }

    /**
     * Sends at a steady {@code perSecond} for {@code duration} and returns each image id with the
     * {@link System#nanoTime()} it was handed to the producer. Open loop: a late send does not move the
     * schedule, so a slow classifier shows as latency rather than as a lower offered rate.
     */
    Map<String, Long> paced(double perSecond, Duration duration) {
        Map<String, Long> sent = new LinkedHashMap<>();
        long period = Math.round(1e9 / perSecond);
        long start = System.nanoTime();
        long count = Math.max(1, duration.toNanos() / period);
        for (long k = 0; k < count; k++) {
            Timing.sleepUntil(start + k * period);
            send(sent, null);
        }
        return flushed(sent);
    }

    /** @param partition where the record goes, or null for the partition of its key */
    private Future<RecordMetadata> send(Map<String, Long> sent, Integer partition) {
        int index = (int) (sequence % images.size());
        ImageInfo info = infos.get(index);
        String id = ImageIds.of(("bench-image-" + sequence++).getBytes(StandardCharsets.UTF_8));
        byte[] image = images.get(index);
        if (payload == ImagePayload.STORED) {
            linkInStore(id, image);
        }
        ImageRecord record = ImageRecord.of(id, CAMERA, null, Instant.now(), info.format().code(), info.width(),
            info.height(), image, payload);
        ProducerRecord<String, byte[]> keyed = record.toProducerRecord();
        sent.put(id, System.nanoTime());
        ProducerRecord<String, byte[]> placed =
            new ProducerRecord<>(keyed.topic(), partition, keyed.key(), keyed.value(), keyed.headers());
        return producer.send(placed, (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    private void linkInStore(String id, byte[] image) {
        Path link = store.pathOf(id);
        try {
            Files.createDirectories(link.getParent());
            Files.createLink(link, store.pathOf(ImageIds.of(image)));
        } catch (FileAlreadyExistsException e) {
            // an earlier measurement on the same data dir linked this id to the same image
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot link benchmark image " + id + " in the image store", e);
        }
    }

    private static void await(Future<RecordMetadata> acknowledged) {
        try {
            acknowledged.get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take a benchmark image: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing", e);
        }
    }

    private Map<String, Long> flushed(Map<String, Long> sent) {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("Producing benchmark images failed: " + failure.get(), failure.get());
        }
        return sent;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
