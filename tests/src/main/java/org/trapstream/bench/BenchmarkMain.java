package org.trapstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;

/**
 * {@code ./bench}: in one run, on one model and one machine, measures what bounds the classifier (the model
 * alone, decoding alone) and then the real pipeline through Kafka with batching on and off, and reports how
 * close the pipeline comes to its limits (see BENCHMARKS.md). Exit status 0 when it measured everything it
 * could, 1 when a stage failed, 2 for a wrong command line.
 */
public final class BenchmarkMain {

    private static final int BEE_IMAGES = 300;
    private static final int WARM_UP_IMAGES = 1000;
    private static final Duration WARM_UP_HALF_LOAD = Duration.ofSeconds(20);
    private static final List<Integer> CEILING_BATCH_SIZES = List.of(1, 8, 32);
    private static final long STARTED = System.nanoTime();

    public static void main(String[] args) {
        BenchLauncher.main(args, BenchOptions.USAGE, BenchOptions::parse, "pipeline", (options, work) -> {
            Report report = run(options, work);
            report.print(System.out);
            System.out.println();
            System.out.println("JSON result: " + report.write());
        });
    }

    private static Report run(BenchOptions options, Path work) {
        List<Double> loads = new ArrayList<>(List.of(Machine.loadAverage()));
        JsonObject machine = Machine.describe();
        TrapstreamConfig config = options.config()
            .with(Map.of(TrapstreamConfig.DATA_DIR, work.resolve("data").toString()));
        ImageLimits limits = ImageLimits.from(config);
        ModelMetadata metadata = BenchModel.promote(config.modelRegistryDir(), options.imageSize());
        LoadedModel model = new ModelRegistry(config.modelRegistryDir()).load(metadata.version());
        List<String> notes = new ArrayList<>();

        progress("1/4 model ceiling");
        CeilingBenchmark ceiling = new CeilingBenchmark(model, options.warmUp(), options.measure());
        SortedMap<Integer, CeilingBenchmark.Result> ceilings = new TreeMap<>();
        List<Integer> sizes = Stream.concat(CEILING_BATCH_SIZES.stream(), Stream.of(options.batchMaxSize())).toList();
        for (int size : new TreeSet<>(sizes)) {
            ceilings.put(size, ceiling.measure(size));
        }
        loads.add(Machine.loadAverage());

        progress("2/4 decode + preprocess");
        Optional<ImageSet> serengeti = present(ImageSet.serengeti(limits), ImageSet.SERENGETI, notes);
        Optional<ImageSet> bees = present(ImageSet.bees(BEE_IMAGES, limits), ImageSet.BEES, notes);
        DecodeBenchmark decode =
            new DecodeBenchmark(new Preprocessor(metadata), limits, options.warmUp(), options.measure());
        List<DecodeBenchmark.Result> decodes = new ArrayList<>();
        for (ImageSet set : Stream.of(serengeti, serengeti.map(ImageSet::withoutExif), bees)
                .flatMap(Optional::stream).toList()) {
            for (int threads : new TreeSet<>(List.of(1, options.decodeThreads()))) {
                decodes.add(decode.measure(set, threads));
            }
        }
        loads.add(Machine.loadAverage());

        // Real camera-trap frames when there are some: their size is what the pipeline is for.
        Optional<ImageSet> payload = serengeti.or(() -> bees);
        if (payload.isEmpty()) {
            notes.add("Kafka and pipeline stages skipped: neither dataset is there to send");
        }
        Optional<PipelineBenchmark> pipeline = payload
            .map(set -> new PipelineBenchmark(config, set, options.images(), options.halfLoad(), work));
        Optional<PipelineBenchmark.Transport> transport = pipeline.map(kafka -> {
            progress("3/4 Kafka alone");
            return kafka.transport();
        });
        loads.add(Machine.loadAverage());
        List<PipelineBenchmark.Result> pipelines = pipeline
            .map(run -> measurePipeline(options, config, payload.orElseThrow(), run, work, loads, notes))
            .orElse(List.of());
        // The limit of each run is the ceiling at the batch size the run actually formed.
        for (PipelineBenchmark.Result run : pipelines) {
            ceilings.computeIfAbsent(run.typicalBatchSize(), ceiling::measure);
        }
        return new Report(options, machine, metadata, loads, ceilings, decodes, payload, transport, pipelines, notes);
    }

    private static List<PipelineBenchmark.Result> measurePipeline(BenchOptions options, TrapstreamConfig config,
                                                                  ImageSet payload, PipelineBenchmark pipeline,
                                                                  Path work, List<Double> loads, List<String> notes) {
        if (options.quick()) {
            notes.add("--quick: no warm-up pass and short phases, so the JIT is still compiling while the pipeline "
                + "is measured; expect lower pipeline figures than a full run");
        } else {
            // The JIT compiles Kafka, Vert.x and DL4J paths for a minute or two after the pipeline starts, taking
            // a sixth of two cores meanwhile: a discarded pass first, so that the figures are those of a
            // classifier that has been running for a while.
            progress("4/4 pipeline, warm-up pass (discarded)");
            new PipelineBenchmark(config, payload, WARM_UP_IMAGES, WARM_UP_HALF_LOAD, work)
                .run("warm-up", options.batchMaxSize());
        }
        List<PipelineBenchmark.Result> runs = new ArrayList<>();
        if (options.batchMaxSize() > 1) {
            progress("4/4 pipeline, batching on (batch.max.size " + options.batchMaxSize() + ")");
            runs.add(pipeline.run("batching-on", options.batchMaxSize()));
            loads.add(Machine.loadAverage());
        }
        progress("4/4 pipeline, batching off (batch.max.size 1)");
        runs.add(pipeline.run("batching-off", 1));
        loads.add(Machine.loadAverage());
        return runs;
    }

    private static Optional<ImageSet> present(Optional<ImageSet> set, String name, List<String> notes) {
        if (set.isEmpty()) {
            notes.add("dataset " + name + " not found under shared/datasets (or -Dtrapstream.shared): skipped");
        }
        return set;
    }

    private static void progress(String stage) {
        System.out.printf("[%4.0f s] %s%n", (System.nanoTime() - STARTED) / 1e9, stage);
    }

    private BenchmarkMain() {
    }
}
