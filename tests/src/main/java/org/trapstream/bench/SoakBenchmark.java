package org.trapstream.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.image.ImageLimits;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.launcher.LocalSystem;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * {@code ./bench soak}: the whole system as {@code trapstream run} starts it (embedded broker, the four roles), fed
 * raw camera images at a steady rate for minutes, reported one row per interval ({@link SoakSampler}), so that a
 * leak (heap, ND4J's off-heap memory), growing garbage collection or a backlog that never clears shows as a trend.
 * After the last send it waits for the remaining predictions and counts those that never came.
 */
public final class SoakBenchmark {

    private static final int BEE_IMAGES = 300;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    /** The rows, the images sent and predicted in all, and where the JSON went. */
    record Result(List<SoakSampler.Row> rows, int sent, int predicted, Path file) {}

    public static void main(String[] args) {
        BenchLauncher.main(args, SoakOptions.USAGE, SoakOptions::parse, "soak", (options, work) -> {
            Result result = run(options, work, System.out);
            System.out.println();
            System.out.println("JSON result: " + result.file());
        });
    }

    static Result run(SoakOptions options, Path work, PrintStream out) {
        List<Double> loads = new ArrayList<>(List.of(Machine.loadAverage()));
        TrapstreamConfig config = TrapstreamConfig.of(SystemConfig.DEFINITION, Map.of(
            GeneralSettings.DATA_DIR, work.resolve("data").toString(),
            SystemConfig.KAFKA_EMBEDDED_PORT, "0",
            HttpSettings.HTTP_PORT, "0",
            HttpSettings.METRICS_PORT, "0",
            SystemConfig.DEMO_RATE, "0"));
        ImageLimits limits = ImageLimits.from(config);
        ImageSet images = ImageSet.serengeti(limits).or(() -> ImageSet.bees(BEE_IMAGES, limits))
            .orElseThrow(() -> new IllegalStateException("The soak sends real images: neither "
                + ImageSet.SERENGETI + " nor " + ImageSet.BEES + " is under shared/datasets"));
        ModelMetadata model = BenchOptions.network(false, null, null, options.imageSize())
            .promote(new ModelRegistry(config.modelRegistryDir()), work).metadata();

        List<SoakSampler.Row> rows = Collections.synchronizedList(new ArrayList<>());
        int sent;
        int predicted;
        try (LocalSystem system = new LocalSystem(config)) {
            system.start(System.err);
            TrapstreamConfig running = system.config();
            Vertx vertx = Vertx.vertx();
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            try (RawCamera camera = new RawCamera(running, images);
                 PredictionCollector collector = new PredictionCollector(running, vertx.getOrCreateContext());
                 Admin admin = Admin.create(KafkaClients.admin(running))) {
                SoakSampler sampler = new SoakSampler(camera.sentAt(), collector.arrivals(), admin, List.of(
                    new SoakSampler.Group("ingest", running.getString(IngestConfig.INGEST_GROUP_ID), Topics.IMAGES_RAW),
                    new SoakSampler.Group("classifier", running.getString(ClassifierConfig.CLASSIFIER_GROUP_ID),
                        Topics.IMAGES)));
                out.println(header());
                long interval = options.interval().toMillis();
                ticker.scheduleAtFixedRate(() -> {
                    SoakSampler.Row row = sampler.row();
                    rows.add(row);
                    out.println(line(row));
                }, interval, interval, TimeUnit.MILLISECONDS);
                camera.paced(options.rate(), options.duration());
                stopAfterTheRowInProgress(ticker);
                loads.add(Machine.loadAverage());
                sent = camera.sentAt().size();
                predicted = collector.await(camera.sentAt().keySet(), DRAIN_TIMEOUT).size();
            } finally {
                ticker.shutdownNow();
                Futures.await(vertx.close(), DRAIN_TIMEOUT);
            }
        }
        out.printf("%d images sent, %d predicted, %d without a prediction %d s after the last send%n", sent, predicted,
            sent - predicted, DRAIN_TIMEOUT.toSeconds());
        JsonObject json = ResultFile.opening(false, Machine.describe(), loads)
            .put("mode", "soak")
            .put("minutes", Percentiles.round(options.duration().toMillis() / 60_000.0))
            .put("offered_per_second", options.rate())
            .put("interval_seconds", Percentiles.round(options.interval().toMillis() / 1000.0))
            .put("payload", images.toJson())
            .put("model", new JsonObject().put("version", model.version()).put("input_size", model.inputSize()))
            .put("rows", new JsonArray(rows.stream().map(SoakSampler.Row::toJson).toList()))
            .put("sent", sent)
            .put("predicted", predicted);
        return new Result(List.copyOf(rows), sent, predicted, ResultFile.write(options.out(), "soak", json));
    }

    /** Stops the ticker, waiting for a row it is taking so that the row is complete. */
    private static void stopAfterTheRowInProgress(ScheduledExecutorService ticker) {
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("A report row took over " + DRAIN_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the report", e);
        }
    }

    private static String header() {
        return String.format("%8s %9s %9s %9s %9s %10s %9s %5s %7s %10s %10s", "t s", "offered/s", "predict/s",
            "p99 ms", "heap MiB", "JavaCPP B", "RSS MiB", "GCs", "GC ms", "lag ingest", "lag class.");
    }

    private static String line(SoakSampler.Row row) {
        return String.format("%8.0f %9.1f %9.1f %9s %9d %10d %9d %5d %7d %10d %10d", row.atSeconds(),
            row.offeredPerSecond(), row.predictionsPerSecond(),
            row.p99LatencyMs() == null ? "-" : String.format("%.0f", row.p99LatencyMs()), mebibytes(row.heapUsedBytes()),
            row.javacppBytes(), mebibytes(row.physicalBytes()), row.gcCount(), row.gcMillis(),
            row.lag().get("ingest"), row.lag().get("classifier"));
    }

    private static long mebibytes(long bytes) {
        return bytes >> 20;
    }

    private SoakBenchmark() {
    }
}
