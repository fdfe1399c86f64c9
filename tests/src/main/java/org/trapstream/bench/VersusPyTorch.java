package org.trapstream.bench;

import java.io.PrintStream;

import io.vertx.core.json.JsonObject;

/**
 * Trapstream against what users run instead, on the same frames and the same machine: (a) the PyTorch batch
 * script, (b) the engine alone on stacked batches of the same size (decoding alone beside it), (c) the pipeline
 * through Kafka at saturation and its p99 at half load, with the shared-machine limit. The goals: the pipeline at
 * least as fast as the batch script (streaming must cost nothing against batch), and at least
 * {@value Report#GOAL_RATIO} of the shared-machine limit.
 *
 * @param engine   the ceiling at the batch script's batch size
 * @param pipeline the batching-on run against its limits
 * @param run      that run's phases
 */
record VersusPyTorch(PyTorchBatch.Result pytorch, CeilingBenchmark.Result engine, DecodeBenchmark.Result decode,
                     Report.Verdict pipeline, PipelineBenchmark.Result run) {

    static final double GOAL_VS_PYTORCH = 1.0;
    /** Linux keeps 15 characters of a thread's name: "classifier-decode-0" is "classifier-deco". */
    private static final String DECODE_THREADS = "classifier-deco";
    private static final String INFERENCE_THREADS = "classifier-infe";

    double pipelineVsPyTorch() {
        return pipeline.saturation() / pytorch.imagesPerSecond();
    }

    boolean pipelineVsPyTorchMet() {
        return pipelineVsPyTorch() >= GOAL_VS_PYTORCH;
    }

    boolean sharedMachineMet() {
        return pipeline.sharedMachineRatio() >= Report.GOAL_RATIO;
    }

    /** CPU ms per image at saturation of the classifier's threads of one kind (their OpenMP workers included). */
    private double pipelineCpuMs(String threads) {
        return run.saturation().cpu().getJsonObject("cpu_ms_per_image_by_thread").stream()
            .filter(e -> e.getKey().startsWith(threads))
            .mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
    }

    void print(PrintStream out) {
        out.println();
        out.println("6. Against what users run instead: a PyTorch batch script, the same frames, the same machine");
        out.printf("   %-66s %9s %12s %11s %10s %8s%n", "", "images/s", "CPU ms/image", "decode+pre", "inference",
            "p99 ms");
        row(out, String.format("a) PyTorch batch script: PIL + torchvision, batch %d, %d threads", pytorch.batchSize(),
            pytorch.threads()), pytorch.imagesPerSecond(), pytorch.cpuMsPerImage(), pytorch.decodeCpuMsPerImage(),
            pytorch.forwardCpuMsPerImage(), Double.NaN);
        row(out, String.format("b) engine alone: stacked batches of %d, %d inference threads", engine.batchSize(),
            engine.threads()), engine.rate().itemsPerSecond(), engine.rate().cpuMsPerItem(), Double.NaN,
            engine.rate().cpuMsPerItem(), Double.NaN);
        row(out, String.format("   decode + preprocess alone, %d threads", decode.threads()),
            decode.rate().itemsPerSecond(), decode.rate().cpuMsPerItem(), decode.rate().cpuMsPerItem(), Double.NaN,
            Double.NaN);
        row(out, "c) pipeline through Kafka, saturation (" + run.mode() + ")", pipeline.saturation(),
            pipeline.pipelineCpuMs(), pipelineCpuMs(DECODE_THREADS), pipelineCpuMs(INFERENCE_THREADS), Double.NaN);
        row(out, String.format("   half load, %.1f images/s: end to end", run.halfLoad().imagesPerSecond()), Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, pipeline.p99());
        out.printf("   shared-machine limit: %d cores x 1000 / (decode %.2f + inference %.2f at batch %d + Kafka %.2f"
                + " CPU ms per image) = %.1f images/s%n", pipeline.cores(), decode.rate().cpuMsPerItem(),
            pipeline.ceiling().rate().cpuMsPerItem(), pipeline.ceiling().batchSize(), pipeline.kafka().cpuMsPerImage(),
            pipeline.sharedMachineLimit());
        out.printf("   pipeline / PyTorch batch script: %.2f (goal >= %.1f) %s; pipeline / shared-machine limit: %.2f"
                + " (goal >= %.1f) %s%n", pipelineVsPyTorch(), GOAL_VS_PYTORCH, pipelineVsPyTorchMet() ? "ok" : "NO",
            pipeline.sharedMachineRatio(), Report.GOAL_RATIO, sharedMachineMet() ? "ok" : "NO");
    }

    private static void row(PrintStream out, String what, double imagesPerSecond, double cpuMs, double decodeMs,
                            double inferenceMs, double p99) {
        out.printf("   %-66s %9s %12s %11s %10s %8s%n", what, cell(imagesPerSecond), cell(cpuMs), cell(decodeMs),
            cell(inferenceMs), cell(p99));
    }

    private static String cell(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2f", value);
    }

    JsonObject toJson() {
        return new JsonObject()
            .put("pytorch_batch", new JsonObject()
                .put("batch_size", pytorch.batchSize()).put("threads", pytorch.threads())
                .put("images_per_second", Percentiles.round(pytorch.imagesPerSecond()))
                .put("cpu_ms_per_image", Percentiles.round(pytorch.cpuMsPerImage()))
                .put("decode_preprocess_cpu_ms_per_image", Percentiles.round(pytorch.decodeCpuMsPerImage()))
                .put("forward_cpu_ms_per_image", Percentiles.round(pytorch.forwardCpuMsPerImage())))
            .put("engine_alone", engine.toJson())
            .put("decode_alone", decode.toJson())
            .put("pipeline", new JsonObject().put("mode", run.mode())
                .put("saturation_images_per_second", Percentiles.round(pipeline.saturation()))
                .put("cpu_ms_per_image", Percentiles.round(pipeline.pipelineCpuMs()))
                .put("decode_threads_cpu_ms_per_image", Percentiles.round(pipelineCpuMs(DECODE_THREADS)))
                .put("inference_threads_cpu_ms_per_image", Percentiles.round(pipelineCpuMs(INFERENCE_THREADS)))
                .put("half_load_images_per_second", Percentiles.round(run.halfLoad().imagesPerSecond()))
                .put("half_load_p99_ms", Percentiles.round(pipeline.p99())))
            .put("shared_machine_limit_images_per_second", Percentiles.round(pipeline.sharedMachineLimit()))
            .put("pipeline_vs_pytorch", Percentiles.round(pipelineVsPyTorch()))
            .put("pipeline_vs_pytorch_goal", GOAL_VS_PYTORCH)
            .put("pipeline_vs_pytorch_met", pipelineVsPyTorchMet())
            .put("shared_machine_ratio", Percentiles.round(pipeline.sharedMachineRatio()))
            .put("shared_machine_ratio_goal", Report.GOAL_RATIO)
            .put("shared_machine_ratio_met", sharedMachineMet());
    }
}
