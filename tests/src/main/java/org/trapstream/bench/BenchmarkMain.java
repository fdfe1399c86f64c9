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
import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.InferenceEngines;

/**
 * {@code ./bench}: in one run, on one model and one machine, measures what bounds the classifier (the model
 * alone, decoding alone), what users run instead (a PyTorch batch script, for an imported network exported from
 * PyTorch) and then the real pipeline through Kafka with batching on and off, and reports how close the
 * pipeline comes to its limits and to the batch script (see BENCHMARKS.md). Exit status 0 when it measured
 * everything it could (or, with --imported, when no Python with torch can export the network: it says so), 1 when
 * a stage failed, 2 for a wrong command line.
 */
public final class BenchmarkMain {

    private static final int BEE_IMAGES = 300;
    private static final int WARM_UP_IMAGES = 1000;
    private static final Duration WARM_UP_HALF_LOAD = Duration.ofSeconds(20);
    private static final List<Integer> CEILING_BATCH_SIZES = List.of(1, 8, 32);
    private static final long STARTED = System.nanoTime();

    public static void main(String[] args) {
        BenchLauncher.main(args, BenchOptions.USAGE, BenchOptions::parse, "pipeline", (options, work) -> {
            Report report;
            try {
                report = run(options, work);
            } catch (TorchScripts.Unavailable e) {
                System.err.println("Skipped: the reference network cannot be exported here: " + e.getMessage());
                return;
            }
            report.print(System.out);
            System.out.println();
            System.out.println("JSON result: " + report.write());
        });
    }

    private static Report run(BenchOptions options, Path work) {
        List<Double> loads = new ArrayList<>(List.of(Machine.loadAverage()));
        JsonObject machine = Machine.describe();
        TrapstreamConfig config = options.config()
            .with(Map.of(GeneralSettings.DATA_DIR, work.resolve("data").toString()));
        ImageLimits limits = ImageLimits.from(config);
        // The engines as the classifier makes them, so the ceiling runs what the pipeline runs.
        InferenceEngines engines = InferenceEngines.of(config.getInt(ClassifierConfig.ONNX_THREADS));
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir(), engines);
        BenchModel.Promoted promoted = options.network().promote(registry, work);
        ModelMetadata metadata = promoted.metadata();
        LoadedModel model = registry.load(metadata.version());
        machine.put("engines", engines.describe());
        List<String> notes = new ArrayList<>();

        progress("1/5 model ceiling");
        CeilingBenchmark ceiling =
            new CeilingBenchmark(model, options.inferenceThreads(), options.warmUp(), options.measure());
        SortedMap<Integer, CeilingBenchmark.Result> ceilings = new TreeMap<>();
        List<Integer> sizes = Stream.concat(CEILING_BATCH_SIZES.stream(), Stream.of(options.batchMaxSize())).toList();
        for (int size : new TreeSet<>(sizes)) {
            ceilings.put(size, ceiling.measure(size));
        }
        loads.add(Machine.loadAverage());

        progress("2/5 decode + preprocess");
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
        progress("3/5 PyTorch batch script");
        Optional<PyTorchBatch.Result> pytorch = PyTorchBatch.measure(promoted, payload, options.pytorchImages(),
            options.batchMaxSize(), work, notes);
        loads.add(Machine.loadAverage());

        if (payload.isEmpty()) {
            notes.add("Kafka and pipeline stages skipped: neither dataset is there to send");
        }
        int images = options.images(ceilings.get(options.batchMaxSize()).rate().itemsPerSecond());
        Optional<PipelineBenchmark> pipeline = payload
            .map(set -> new PipelineBenchmark(config, set, images, options.halfLoad(), work));
        Optional<PipelineBenchmark.Transport> transport = pipeline.map(kafka -> {
            progress("4/5 Kafka alone");
            return kafka.transport(options.kafkaImages());
        });
        loads.add(Machine.loadAverage());
        List<PipelineBenchmark.Result> pipelines = pipeline
            .map(run -> measurePipeline(options, config, payload.orElseThrow(), images, run, work, loads, notes))
            .orElse(List.of());
        // The limit of each run is the ceiling at the batch size the run actually formed.
        for (PipelineBenchmark.Result run : pipelines) {
            ceilings.computeIfAbsent(run.typicalBatchSize(), ceiling::measure);
        }
        return new Report(options, machine, metadata, loads, ceilings, decodes, payload, pytorch, transport, pipelines,
            notes);
    }

    private static List<PipelineBenchmark.Result> measurePipeline(BenchOptions options, TrapstreamConfig config,
                                                                  ImageSet payload, int images,
                                                                  PipelineBenchmark pipeline, Path work,
                                                                  List<Double> loads, List<String> notes) {
        if (options.quick()) {
            notes.add("--quick: no warm-up pass and short phases, so the JIT is still compiling while the pipeline "
                + "is measured; expect lower pipeline figures than a full run");
        } else {
            // The JIT compiles Kafka, Vert.x and DL4J paths for a minute or two after the pipeline starts, taking
            // a sixth of two cores meanwhile: a discarded pass first, so that the figures are those of a
            // classifier that has been running for a while (a third of the measured backlog: a slow model's
            // inference outweighs the JIT anyway).
            progress("5/5 pipeline, warm-up pass (discarded)");
            new PipelineBenchmark(config, payload, Math.min(WARM_UP_IMAGES, images / 3), WARM_UP_HALF_LOAD, work)
                .run("warm-up", options.batchMaxSize());
        }
        List<PipelineBenchmark.Result> runs = new ArrayList<>();
        if (options.batchMaxSize() > 1) {
            progress("5/5 pipeline, batching on (batch.max.size " + options.batchMaxSize() + ")");
            runs.add(pipeline.run("batching-on", options.batchMaxSize()));
            loads.add(Machine.loadAverage());
        }
        progress("5/5 pipeline, batching off (batch.max.size 1)");
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
