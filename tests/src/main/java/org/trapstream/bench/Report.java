package org.trapstream.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.serving.ModelMetadata;

/**
 * Puts the stages side by side: prints the tables, compares the pipeline with what bounds it and with the
 * goals, and writes everything measured as one JSON file.
 *
 * <p>The limit of a pipeline run is min(model ceiling at the run's typical batch size, decode throughput with
 * the decode pool), each measured alone with the whole machine to itself. On a machine where decoding,
 * inference and Kafka share the same cores they cannot each have it at once, so the report also gives the
 * shared-machine limit: the machine's cores divided by the CPU an image cannot do without, its decoding, its
 * share of a batch and its trip through Kafka (measured alone with {@link KafkaEcho}), each measured as CPU
 * time per image because a stage alone need not keep every core busy (one inference thread on batches of 1
 * does not).
 *
 * @param loads   1-minute load averages sampled at the start and after each stage
 * @param pytorch the PyTorch batch script on the same frames, where it ran
 * @param notes   stages or datasets skipped, and why
 */
record Report(BenchOptions options, JsonObject machine, ModelMetadata model, List<Double> loads,
              SortedMap<Integer, CeilingBenchmark.Result> ceilings, List<DecodeBenchmark.Result> decodes,
              Optional<ImageSet> payload, Optional<PyTorchBatch.Result> pytorch,
              Optional<PipelineBenchmark.Transport> transport, List<PipelineBenchmark.Result> pipelines,
              List<String> notes) {

    static final double GOAL_RATIO = 0.9;

    /**
     * A pipeline run against its limits and the goals, in images per second (as measured, sensitive to other
     * load on the machine) and in CPU milliseconds per image (much less so).
     *
     * @param pipelineCpuMs CPU the whole process spent per image at saturation (broker and JIT included)
     */
    record Verdict(String mode, int cores, double saturation, CeilingBenchmark.Result ceiling,
                   DecodeBenchmark.Result decode, PipelineBenchmark.Transport kafka, double pipelineCpuMs, double p99,
                   double batcherP99, double p99Bound) {

        double limit() {
            return Math.min(ceiling.rate().itemsPerSecond(), decode.rate().itemsPerSecond());
        }

        double ratio() {
            return saturation / limit();
        }

        double sharedMachineLimit() {
            return cores * 1000 / limitCpuMs();
        }

        double sharedMachineRatio() {
            return saturation / sharedMachineLimit();
        }

        /** The CPU an image cannot do without: decoding it, its share of a batch, its trip through Kafka. */
        double limitCpuMs() {
            return decode.rate().cpuMsPerItem() + ceiling.rate().cpuMsPerItem() + kafka.cpuMsPerImage();
        }

        /** The share of the pipeline's CPU that went into what an image cannot do without. */
        double cpuEfficiency() {
            return limitCpuMs() / pipelineCpuMs;
        }

        /** Images per second the pipeline reaches with every core of the machine to itself. */
        double cpuBoundSaturation() {
            return cores * 1000 / pipelineCpuMs;
        }

        boolean throughputMet() {
            return ratio() >= GOAL_RATIO;
        }

        boolean latencyMet() {
            return p99 <= p99Bound;
        }

        JsonObject toJson() {
            return new JsonObject().put("mode", mode).put("typical_batch_size", ceiling.batchSize())
                .put("saturation_images_per_second", Percentiles.round(saturation))
                .put("ceiling_images_per_second", Percentiles.round(ceiling.rate().itemsPerSecond()))
                .put("decode_pool_images_per_second", Percentiles.round(decode.rate().itemsPerSecond()))
                .put("limit_images_per_second", Percentiles.round(limit()))
                .put("ratio", Percentiles.round(ratio())).put("ratio_goal", GOAL_RATIO)
                .put("ratio_met", throughputMet())
                .put("kafka_alone_images_per_second", Percentiles.round(kafka.imagesPerSecond()))
                .put("shared_machine_limit_images_per_second", Percentiles.round(sharedMachineLimit()))
                .put("shared_machine_ratio", Percentiles.round(sharedMachineRatio()))
                .put("limit_cpu_ms_per_image", Percentiles.round(limitCpuMs()))
                .put("pipeline_cpu_ms_per_image", Percentiles.round(pipelineCpuMs))
                .put("cpu_efficiency", Percentiles.round(cpuEfficiency()))
                .put("cpu_bound_saturation_images_per_second", Percentiles.round(cpuBoundSaturation()))
                .put("half_load_p99_ms", Percentiles.round(p99))
                .put("half_load_queue_and_inference_p99_ms", Percentiles.round(batcherP99))
                .put("p99_bound_ms", Percentiles.round(p99Bound))
                .put("p99_met", latencyMet());
        }
    }

    /**
     * The p99 bound at half load is max delay + 2 x the model's time for a full batch (batch.max.size, from the
     * ceiling): an image waits at most the delay for company, then at most for the batch ahead and its own.
     * With batching off (size 1) no image waits for company, so the delay does not count. The end-to-end p99
     * is the goal; the p99 of queue + inference inside the classifier shows whether the batcher alone keeps
     * that promise, the rest being decoding and Kafka.
     */
    Verdict verdict(PipelineBenchmark.Result run) {
        double delay = run.batchMaxSize() > 1 ? run.batchMaxDelay().toNanos() / 1e6 : 0;
        return new Verdict(run.mode(), machine.getInteger("cores"), run.saturation().imagesPerSecond(),
            ceilings.get(run.typicalBatchSize()), decodeWithPool().orElseThrow(), transport.orElseThrow(),
            run.saturation().cpu().getDouble("cpu_ms_per_image"), run.halfLoad().endToEnd().p99(),
            run.halfLoad().stages().getJsonObject("queue_and_inference").getDouble("p99_ms", Double.NaN),
            delay + 2 * ceilings.get(run.batchMaxSize()).rate().perOperation().mean());
    }

    /** The batching-on run (or the only one) against the PyTorch batch script, where both ran. */
    Optional<VersusPyTorch> versusPyTorch() {
        return pytorch.flatMap(script -> pipelines.stream().findFirst().map(run -> new VersusPyTorch(script,
            ceilings.get(script.batchSize()), decodeWithPool().orElseThrow(), verdict(run), run)));
    }

    private Optional<DecodeBenchmark.Result> decodeWithPool() {
        return payload.flatMap(set -> decodes.stream()
            .filter(d -> d.dataset().equals(set.name()) && d.threads() == options.decodeThreads()).findFirst());
    }

    void print(PrintStream out) {
        printMachine(out);
        printCeilings(out);
        printDecodes(out);
        if (!pipelines.isEmpty()) {
            printPipelines(out, payload.orElseThrow());
            printVerdicts(out);
            printWhereTimeGoes(out);
        }
        versusPyTorch().ifPresent(versus -> versus.print(out));
    }

    private void printMachine(PrintStream out) {
        out.println();
        out.println("== Trapstream benchmark" + (options.quick() ? " (--quick)" : "") + " ==");
        JsonObject nd4j = machine.getJsonObject("nd4j");
        out.printf("Machine: %d cores, %s, %s, %s%n", machine.getInteger("cores"), machine.getString("cpu"),
            machine.getString("memory"), machine.getString("java"));
        out.printf("ND4J: %s (%s), oneDNN %s%n", nd4j.getString("backend"), nd4j.getString("device"),
            nd4j.getBoolean("onednn") ? "on" : "OFF");
        out.printf("Model: %s %dx%d, %d labels, %s%n", model.architecture().getString("name"), model.inputSize(),
            model.inputSize(), model.labels().size(), model.architecture().getBoolean("imported", false)
                ? "imported (" + model.architecture().getString("description", "no description") + ")"
                : "random weights");
        out.printf("Engines: %s; classifier.inference.threads %d%n", machine.getJsonArray("engines").encode(),
            options.inferenceThreads());
        out.println("Load average (1 min) at start and after each stage: " + loads.stream()
            .map(load -> String.format("%.2f", load)).toList());
        List<String> noise = noiseWarnings();
        if (!noise.isEmpty()) {
            out.println("NOISY: other work shared this machine (" + String.join("; ", noise) + "): take the figures "
                + "as rough, and compare only figures of the same run");
        }
        notes.forEach(note -> out.println("Note: " + note));
    }

    private void printCeilings(PrintStream out) {
        out.println();
        out.printf("1. Model ceiling: LoadedModel.predict on stacked batches, %d thread(s), a model copy each%n",
            options.inferenceThreads());
        out.printf("   %6s %10s %14s %9s %9s %12s%n", "batch", "images/s", "ms/batch mean", "p50", "p95",
            "CPU ms/image");
        ceilings.values().forEach(c -> out.printf("   %6d %10.1f %14.2f %9.2f %9.2f %12.2f%n", c.batchSize(),
            c.rate().itemsPerSecond(), c.rate().perOperation().mean(), c.rate().perOperation().p50(),
            c.rate().perOperation().p95(), c.rate().cpuMsPerItem()));
    }

    private void printDecodes(PrintStream out) {
        out.println();
        out.printf("2. Decode + preprocess to %dx%d: Preprocessor.preprocess on image bytes in memory%n",
            model.inputSize(), model.inputSize());
        out.printf("   %-44s %8s %10s %14s %9s %12s%n", "dataset", "threads", "images/s", "ms/image p50", "p95",
            "CPU ms/image");
        decodes.forEach(d -> out.printf("   %-44s %8d %10.1f %14.2f %9.2f %12.2f%n", d.dataset(), d.threads(),
            d.rate().itemsPerSecond(), d.rate().perOperation().p50(), d.rate().perOperation().p95(),
            d.rate().cpuMsPerItem()));
    }

    private void printPipelines(PrintStream out, ImageSet set) {
        out.println();
        out.printf("3. Pipeline: camtrap.images -> ClassifierRole -> camtrap.predictions (embedded Kafka), images %s "
            + "%dx%d, ~%d KB, %s%n", set.name(), set.info().width(), set.info().height(), set.averageBytes() / 1024,
            IngestConfig.imagePayload(options.config()) == ImagePayload.STORED
                ? "read from the image store (records carry a reference)" : "inline in the records");
        out.printf("   %-13s %9s %9s %11s %8s %8s %9s %10s %8s %8s %8s%n", "mode", "batch.max", "delay ms",
            "saturation", "batch", "batch", "fed", "half load", "e2e p50", "p95", "p99");
        out.printf("   %-13s %9s %9s %11s %8s %8s %9s %10s %8s %8s %8s%n", "", "", "", "images/s", "mean", "max",
            "images/s", "images/s", "ms", "ms", "ms");
        for (PipelineBenchmark.Result run : pipelines) {
            JsonObject batches = run.saturation().batches();
            Percentiles e2e = run.halfLoad().endToEnd();
            out.printf("   %-13s %9d %9s %11.1f %8s %8s %9.1f %10.1f %8.1f %8.1f %8.1f%n", run.mode(),
                run.batchMaxSize(), run.batchMaxSize() > 1 ? run.batchMaxDelay().toMillis() : "-",
                run.saturation().imagesPerSecond(), batches.getValue("mean_size"), batches.getValue("max_size"),
                run.fed().imagesPerSecond(), run.halfLoad().imagesPerSecond(), e2e.p50(), e2e.p95(), e2e.p99());
        }
        transport.ifPresent(kafka -> out.printf("   %-13s %9s %9s %11.1f   (KafkaEcho in the classifier's place: the"
            + " same backlog, no decoding or inference; %.2f CPU ms per image)%n", "kafka alone", "-", "-",
            kafka.imagesPerSecond(), kafka.cpuMsPerImage()));
        pipelines.forEach(run -> out.printf("   batch sizes at saturation, %s (size up to: batches): %s%n",
            run.mode(), run.saturation().batches().getJsonObject("size_histogram").encode()));
        pipelines.stream().filter(run -> run.halfLoad().classified() < run.halfLoad().sent()).forEach(run -> out.printf(
            "   WARNING (%s): %d of %d half-load images had no prediction within the drain timeout%n",
            run.mode(), run.halfLoad().sent() - run.halfLoad().classified(), run.halfLoad().sent()));
    }

    private void printVerdicts(PrintStream out) {
        List<Verdict> verdicts = pipelines.stream().map(this::verdict).toList();
        out.println();
        out.println("4. Against the limits");
        out.printf("   a) images/s; goal: saturation / min(ceiling at the typical batch, decode with the pool)"
            + " >= %.1f%n", GOAL_RATIO);
        out.printf("   %-13s %7s %11s %10s %10s %8s %8s %8s %14s %7s%n", "mode", "typical", "saturation", "ceiling",
            "decode x" + options.decodeThreads(), "limit", "ratio", "kafka", "shared-machine", "ratio");
        verdicts.forEach(v -> out.printf("   %-13s %7d %11.1f %10.1f %10.1f %8.1f %5.2f %-2s %8.1f %14.1f %7.2f%n",
            v.mode(), v.ceiling().batchSize(), v.saturation(), v.ceiling().rate().itemsPerSecond(),
            v.decode().rate().itemsPerSecond(), v.limit(), v.ratio(), v.throughputMet() ? "ok" : "NO",
            v.kafka().imagesPerSecond(), v.sharedMachineLimit(), v.sharedMachineRatio()));
        out.println("   b) CPU ms per image (moved much less by other load): what an image needs, what the"
            + " pipeline spent");
        out.printf("   %-13s %8s %11s %8s %8s %10s %11s %22s%n", "mode", "decode", "+ inference", "+ kafka", "= needed",
            "pipeline", "efficiency", "saturation if alone");
        verdicts.forEach(v -> out.printf("   %-13s %8.2f %11.2f %8.2f %8.2f %10.2f %11.2f %15.1f img/s%n", v.mode(),
            v.decode().rate().cpuMsPerItem(), v.ceiling().rate().cpuMsPerItem(), v.kafka().cpuMsPerImage(),
            v.limitCpuMs(), v.pipelineCpuMs(), v.cpuEfficiency(), v.cpuBoundSaturation()));
        out.println("   c) latency at half load, ms; goal: p99 end to end <= max delay + 2 x a full batch's inference");
        out.printf("   %-13s %8s %22s %8s%n", "mode", "p99 e2e", "p99 queue + inference", "bound");
        verdicts.forEach(v -> out.printf("   %-13s %8.1f %22.1f %8.1f %s%n", v.mode(), v.p99(), v.batcherP99(),
            v.p99Bound(), v.latencyMet() ? "ok" : "NO"));
    }

    private void printWhereTimeGoes(PrintStream out) {
        out.println();
        out.println("5. Where the time goes");
        out.printf("   per image at half load, p50 / p99 ms: %-11s %-15s %-15s %-15s %-15s%n", "", "queue", "decode",
            "inference", "outside (Kafka)");
        for (PipelineBenchmark.Result run : pipelines) {
            JsonObject stages = run.halfLoad().stages();
            out.printf("   %-51s %-15s %-15s %-15s %-15s%n", run.mode(), pair(stages, "queue"), pair(stages, "decode"),
                pair(stages, "inference"), pair(stages, "outside_classifier"));
        }
        for (PipelineBenchmark.Result run : pipelines) {
            JsonObject cpu = run.saturation().cpu();
            out.printf("   CPU ms per image at saturation (%s, %.2f of %d cores busy): %s%n", run.mode(),
                cpu.getDouble("cores_busy"), machine.getInteger("cores"),
                String.join(", ", cpu.getJsonObject("cpu_ms_per_image_by_thread").stream().limit(8)
                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
        }
    }

    private static String pair(JsonObject stages, String stage) {
        JsonObject p = stages.getJsonObject(stage);
        return p == null || p.getValue("p50_ms") == null ? "-" : p.getValue("p50_ms") + " / " + p.getValue("p99_ms");
    }

    /**
     * The load average includes this benchmark's own threads (about as many as there are cores), so other work
     * shows best before it starts; during the pipeline it shows as this process getting less than the whole
     * machine while it is saturated.
     */
    private List<String> noiseWarnings() {
        int cores = machine.getInteger("cores");
        List<String> warnings = new ArrayList<>();
        if (loads.get(0) > 0.5 * cores) {
            warnings.add(String.format("the load average was %.2f before the benchmark started", loads.get(0)));
        }
        for (PipelineBenchmark.Result run : pipelines) {
            double busy = run.saturation().cpu().getDouble("cores_busy");
            if (busy < 0.9 * cores) {
                warnings.add(String.format("at saturation (%s) this process got %.2f of %d cores", run.mode(), busy,
                    cores));
            }
        }
        return warnings;
    }

    /** Writes the JSON result into {@code options.out()}; returns the file. */
    Path write() {
        JsonObject json = ResultFile.opening(options.quick(), machine, loads)
            .put("noise_warnings", new JsonArray(noiseWarnings()))
            .put("model", new JsonObject().put("architecture", model.architecture())
                .put("input_size", model.inputSize()).put("labels", model.labels().size())
                .put("inference_threads", options.inferenceThreads()))
            .put("notes", new JsonArray(notes))
            .put("ceiling", new JsonArray(ceilings.values().stream().map(CeilingBenchmark.Result::toJson).toList()))
            .put("decode", new JsonArray(decodes.stream().map(DecodeBenchmark.Result::toJson).toList()));
        payload.ifPresent(set -> json.put("pipeline_payload", set.toJson()
            .put("carried", IngestConfig.imagePayload(options.config()).code())));
        pytorch.ifPresent(script -> json.put("pytorch_batch", script.json()));
        transport.ifPresent(kafka -> json.put("kafka_alone", kafka.toJson()));
        json.put("pipeline", new JsonArray(pipelines.stream().map(PipelineBenchmark.Result::toJson).toList()))
            .put("verdicts", new JsonArray(pipelines.stream()
                .map(run -> verdict(run).toJson()).toList()));
        versusPyTorch().ifPresent(versus -> json.put("versus_pytorch", versus.toJson()));
        return ResultFile.write(options.out(), "bench", json);
    }
}
