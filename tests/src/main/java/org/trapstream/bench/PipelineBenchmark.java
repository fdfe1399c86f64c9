package org.trapstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.classifier.ClassifierRole;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.kafka.TopicAdmin;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.common.role.RoleContext;
import org.trapstream.image.ImageLimits;
import org.trapstream.kafka.EmbeddedKafka;
import org.trapstream.serving.InferenceSettings;

/**
 * Stage 3, the real pipeline: a broker of its own (embedded, on a free port), the {@link ClassifierRole}
 * deployed in a fresh Vert.x exactly as {@code trapstream run} deploys it, image records produced onto
 * camtrap.images and predictions read back from camtrap.predictions, all in this JVM on one clock.
 * <ol>
 *   <li>Saturation: {@code --images} records wait in Kafka before the classifier starts; throughput is timed
 *       from the prediction that ends the warm-up (the first tenth) to the last one.</li>
 *   <li>Fed: as many records again, produced as fast as the producer takes them while the classifier runs;
 *       throughput from the first send to the last prediction. This machine then also carries the
 *       producing and the broker taking the records in, ingest's share of a one-machine system.</li>
 *   <li>Half load: records produced at a steady half of the fed rate (half of saturation would overload
 *       the machine once it also produces); each image's latency runs from handing it to the producer to
 *       its prediction arriving.</li>
 * </ol>
 */
final class PipelineBenchmark {

    /** One configuration of the classifier, measured at saturation and at half load. */
    record Result(String mode, int batchMaxSize, Duration batchMaxDelay, Phase saturation, Phase fed,
                  Phase halfLoad) {

        /** The mean micro-batch at saturation, rounded: the batch size whose ceiling bounds this run. */
        int typicalBatchSize() {
            Double mean = saturation.batches().getDouble("mean_size");
            return mean == null ? 1 : (int) Math.max(1, Math.round(mean));
        }

        JsonObject toJson() {
            return new JsonObject().put("mode", mode).put("batch_max_size", batchMaxSize)
                .put("batch_max_delay_ms", batchMaxDelay.toMillis())
                .put("saturation", saturation.toJson()).put("fed", fed.toJson()).put("half_load", halfLoad.toJson());
        }
    }

    /**
     * Kafka alone: the backlog's rate through {@link KafkaEcho}, and the CPU the whole process (broker and
     * clients) spent per image.
     */
    record Transport(int images, double imagesPerSecond, JsonObject cpu) {
        double cpuMsPerImage() {
            return cpu.getDouble("cpu_ms_per_image");
        }

        JsonObject toJson() {
            return new JsonObject().put("images", images)
                .put("images_per_second", Percentiles.round(imagesPerSecond)).put("cpu", cpu);
        }
    }

    /** The benchmark's side of a measurement; its Vert.x runs the collector's and the echo's handlers. */
    private record Rig(TrapstreamConfig config, Vertx vertx, ImageFeeder feeder, PredictionCollector collector) {}

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

    /**
     * Kafka alone, the part of the pipeline's work that no classifier avoids: the same backlog read by a
     * {@link KafkaEcho} that answers each image with a prediction-sized record at once. A first backlog, not
     * measured, gives the JIT the Kafka clients' paths; the second, left for a new echo in the same consumer
     * group, is measured. The backlog is its own: Kafka alone is fast whatever the model, and a small backlog
     * would measure the echo's start more than the records.
     */
    Transport transport(int backlog) {
        return withBroker("transport", Map.of(), rig -> {
            drain(rig, backlog, () -> null);
            PredictionCollector.Drained<CpuUse> drained = drain(rig, backlog, CpuUse::now);
            return new Transport(drained.steady().size(), drained.imagesPerSecond(),
                drained.after().since(drained.before(), drained.steady().size()));
        });
    }

    private <S> PredictionCollector.Drained<S> drain(Rig rig, int records, Supplier<S> snapshot) {
        Map<String, Long> backlog = rig.feeder().preload(records);
        KafkaEcho echo = new KafkaEcho(rig.config(), rig.vertx().getOrCreateContext());
        try {
            return rig.collector().drain(backlog.keySet(), snapshot);
        } finally {
            echo.close();
        }
    }

    Result run(String mode, int batchMaxSize) {
        return withBroker(mode, Map.of(InferenceSettings.BATCH_MAX_SIZE, Integer.toString(batchMaxSize)), rig -> {
            Map<String, Long> backlog = rig.feeder().preload(images);
            PrometheusMeterRegistry registry = Metrics.newRegistry();
            Vertx vertx = Vertx.vertx();
            try {
                Futures.await(new ClassifierRole().deploy(vertx, new RoleContext(rig.config(), registry)),
                    DEPLOY_TIMEOUT);
                Phase saturation = saturation(rig.collector(), registry, backlog);
                Phase fed = fed(rig.feeder(), rig.collector(), registry);
                Phase half = halfLoad(rig.feeder(), rig.collector(), registry, fed.imagesPerSecond() / 2);
                return new Result(mode, batchMaxSize, rig.config().getDuration(ClassifierConfig.BATCH_MAX_DELAY),
                    saturation, fed, half);
            } finally {
                Futures.await(vertx.close(), DEPLOY_TIMEOUT);
            }
        });
    }

    /** A broker of its own with the topics, a feeder and a collector on it, for one measurement. */
    private <T> T withBroker(String name, Map<String, String> settings, Function<Rig, T> measurement) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka-" + name), 0)) {
            Map<String, String> overrides = new HashMap<>(settings);
            overrides.put(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            TrapstreamConfig config = base.with(overrides);
            TopicAdmin.ensureTopics(config);
            Vertx vertx = Vertx.vertx();
            try (ImageFeeder feeder = new ImageFeeder(config, payload, limits);
                 PredictionCollector collector = new PredictionCollector(config, vertx.getOrCreateContext())) {
                return measurement.apply(new Rig(config, vertx, feeder, collector));
            } finally {
                Futures.await(vertx.close(), DEPLOY_TIMEOUT);
            }
        }
    }

    private Phase saturation(PredictionCollector collector, MeterRegistry registry, Map<String, Long> backlog) {
        PredictionCollector.Drained<Snapshot> drained =
            collector.drain(backlog.keySet(), () -> Snapshot.take(registry));
        int images = drained.steady().size();
        return new Phase(backlog.size(), backlog.size(), drained.imagesPerSecond(), Percentiles.EMPTY,
            Phase.stages(drained.steady(), null), drained.after().meters().since(drained.before().meters()),
            drained.after().cpu().since(drained.before().cpu(), images));
    }

    private Phase fed(ImageFeeder feeder, PredictionCollector collector, MeterRegistry registry) {
        Snapshot before = Snapshot.take(registry);
        long start = System.nanoTime();
        Map<String, Long> sent = feeder.preload(images);
        Duration timeout = PredictionCollector.timeoutFor(images);
        Map<String, PredictionCollector.Arrival> arrived = collector.await(sent.keySet(), timeout);
        Snapshot after = Snapshot.take(registry);
        long last = arrived.values().stream().mapToLong(PredictionCollector.Arrival::nanos).max().orElse(start);
        if (arrived.size() < sent.size()) {
            throw new IllegalStateException("Only " + arrived.size() + " of " + sent.size()
                + " fed predictions arrived within " + timeout.toSeconds() + " s");
        }
        return new Phase(sent.size(), arrived.size(), arrived.size() / ((last - start) / 1e9), Percentiles.EMPTY,
            Phase.stages(arrived, null), after.meters().since(before.meters()),
            after.cpu().since(before.cpu(), arrived.size()));
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
}
