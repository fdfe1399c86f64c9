package org.trapstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.trapstream.classifier.ClassifierRole;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.image.ImageLimits;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.common.role.RoleContext;
import org.trapstream.kafka.EmbeddedKafka;

/**
 * Stage 3, the real pipeline: a broker of its own (embedded, on a free port), the {@link ClassifierRole}
 * deployed in a fresh Vert.x exactly as {@code trapstream run} deploys it, image records produced onto
 * camtrap.images and predictions read back from camtrap.predictions, all in this JVM on one clock.
 * <ol>
 *   <li>Saturation: {@code --images} records wait in Kafka before the classifier starts; throughput is timed
 *       from the prediction that ends the warm-up (the first tenth) to the last one.</li>
 *   <li>Half load: records produced at a steady half of that throughput; each image's latency runs from
 *       handing it to the producer to its prediction arriving.</li>
 * </ol>
 */
final class PipelineBenchmark {

    /** One configuration of the classifier, measured at saturation and at half load. */
    record Result(String mode, int batchMaxSize, Duration batchMaxDelay, Phase saturation, Phase halfLoad) {

        /** The mean micro-batch at saturation, rounded: the batch size whose ceiling bounds this run. */
        int typicalBatchSize() {
            Double mean = saturation.batches().getDouble("mean_size");
            return mean == null ? 1 : (int) Math.max(1, Math.round(mean));
        }

        JsonObject toJson() {
            return new JsonObject().put("mode", mode).put("batch_max_size", batchMaxSize)
                .put("batch_max_delay_ms", batchMaxDelay.toMillis())
                .put("saturation", saturation.toJson()).put("half_load", halfLoad.toJson());
        }
    }

    private record Snapshot(ClassifierMeters meters, CpuUse cpu) {
        static Snapshot take(MeterRegistry registry) {
            return new Snapshot(ClassifierMeters.read(registry), CpuUse.now());
        }
    }

    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);
    /** Time the last image of the half-load phase may take to come out before it counts as lost. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final TrapstreamConfig base;
    private final ImageSet payload;
    private final ImageLimits limits;
    private final int images;
    private final Duration halfLoad;
    private final Path workDir;

    /** @param base configuration whose data directory holds the promoted benchmark model */
    PipelineBenchmark(TrapstreamConfig base, ImageSet payload, int images, Duration halfLoad, Path workDir) {
        this.base = base;
        this.payload = payload;
        this.limits = ImageLimits.from(base);
        this.images = images;
        this.halfLoad = halfLoad;
        this.workDir = workDir;
    }

    Result run(String mode, int batchMaxSize) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka-" + mode), 0)) {
            TrapstreamConfig config = base.with(Map.of(
                TrapstreamConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                TrapstreamConfig.BATCH_MAX_SIZE, Integer.toString(batchMaxSize)));
            TopicAdmin.ensureTopics(config);
            try (ImageFeeder feeder = new ImageFeeder(config, payload, limits);
                 PredictionCollector collector = new PredictionCollector(config)) {
                Map<String, Long> backlog = feeder.preload(images);
                PrometheusMeterRegistry registry = Metrics.newRegistry();
                Vertx vertx = Vertx.vertx();
                try {
                    await(new ClassifierRole().deploy(vertx, new RoleContext(config, registry)), DEPLOY_TIMEOUT);
                    Phase saturation = saturation(collector, registry, backlog);
                    Phase half = halfLoad(feeder, collector, registry, saturation.imagesPerSecond() / 2);
                    return new Result(mode, batchMaxSize, config.getDuration(TrapstreamConfig.BATCH_MAX_DELAY),
                        saturation, half);
                } finally {
                    await(vertx.close(), DEPLOY_TIMEOUT);
                }
            }
        }
    }

    private Phase saturation(PredictionCollector collector, MeterRegistry registry, Map<String, Long> backlog) {
        int warmUp = backlog.size() / 10;
        // Generous: half a second per image, some fifty times what the pipeline takes here.
        Duration timeout = Duration.ofSeconds(Math.max(60, backlog.size() / 2));
        if (!collector.awaitCount(warmUp, timeout)) {
            throw new IllegalStateException("Only " + collector.count() + " of " + warmUp
                + " warm-up predictions arrived within " + timeout.toSeconds() + " s");
        }
        Snapshot before = Snapshot.take(registry);
        Map<String, PredictionCollector.Arrival> arrived = collector.await(backlog.keySet(), timeout);
        Snapshot after = Snapshot.take(registry);
        if (arrived.size() < backlog.size()) {
            throw new IllegalStateException("Only " + arrived.size() + " of " + backlog.size()
                + " predictions arrived within " + timeout.toSeconds() + " s");
        }
        long[] times = arrived.values().stream().mapToLong(PredictionCollector.Arrival::nanos).sorted().toArray();
        long warm = times[warmUp - 1];
        double rate = (times.length - warmUp) / ((times[times.length - 1] - warm) / 1e9);
        Map<String, PredictionCollector.Arrival> steady = new HashMap<>(arrived);
        steady.values().removeIf(a -> a.nanos() <= warm);
        return new Phase(backlog.size(), arrived.size(), rate, Percentiles.EMPTY, Phase.stages(steady, null),
            after.meters().since(before.meters()), after.cpu().since(before.cpu(), steady.size()));
    }

    private Phase halfLoad(ImageFeeder feeder, PredictionCollector collector, MeterRegistry registry, double rate) {
        Snapshot before = Snapshot.take(registry);
        Map<String, Long> sent = feeder.paced(rate, halfLoad);
        Map<String, PredictionCollector.Arrival> arrived = collector.await(sent.keySet(), DRAIN_TIMEOUT);
        Snapshot after = Snapshot.take(registry);
        long[] latencies = arrived.entrySet().stream()
            .mapToLong(e -> e.getValue().nanos() - sent.get(e.getKey())).toArray();
        return new Phase(sent.size(), arrived.size(), rate, Percentiles.ofNanos(latencies),
            Phase.stages(arrived, sent), after.meters().since(before.meters()),
            after.cpu().since(before.cpu(), arrived.size()));
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
