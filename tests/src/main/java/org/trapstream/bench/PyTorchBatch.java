package org.trapstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.vertx.core.json.JsonObject;

/**
 * Stage 3, what users run instead of a stream: {@code pytorch_batch.py}, a PyTorch batch script as MegaDetector's
 * and SpeciesNet's batch runners are written (PIL decode, torchvision resize and normalise, a forward pass per
 * batch under inference mode, as many intra-op threads as cores), on the PyTorch network the imported ONNX file
 * was exported from and on the pipeline's frames, written into the work folder so that both read the same bytes.
 * The script times itself; this reads its JSON back.
 */
final class PyTorchBatch {

    /** The script's JSON: images, seconds, images_per_second, cpu_ms_per_image, stages (decode, forward). */
    record Result(JsonObject json) {
        double imagesPerSecond() {
            return json.getDouble("images_per_second");
        }

        double cpuMsPerImage() {
            return json.getDouble("cpu_ms_per_image");
        }

        double decodeCpuMsPerImage() {
            return stage("decode_preprocess");
        }

        double forwardCpuMsPerImage() {
            return stage("forward");
        }

        int batchSize() {
            return json.getInteger("batch_size");
        }

        int threads() {
            return json.getInteger("threads");
        }

        private double stage(String name) {
            return json.getJsonObject("stages").getJsonObject(name).getDouble("cpu_ms_per_image");
        }
    }

    /** Startup (imports, loading the weights) plus a generous time per image for two busy cores. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration TIMEOUT_PER_IMAGE = Duration.ofSeconds(5);

    private PyTorchBatch() {
    }

    /**
     * Runs the script when it can run: on an imported network with its PyTorch weights beside it, with a Python
     * that has torch, on a set of frames; otherwise says in {@code notes} why not.
     */
    static Optional<Result> measure(BenchModel.Promoted model, Optional<ImageSet> frames, int images, int batchSize,
                                    Path work, List<String> notes) {
        String skipped = "PyTorch batch script not run: ";
        if (model.imported().isEmpty()) {
            notes.add(skipped + "the seed CNN is no PyTorch network (--imported compares with one)");
            return Optional.empty();
        }
        BenchModel.OnnxFile network = model.imported().get();
        if (!Files.isRegularFile(network.pytorchWeights())) {
            notes.add(skipped + "no " + network.pytorchWeights() + " beside the ONNX file (the PyTorch weights it "
                + "was exported from, as reference_models.py writes them)");
            return Optional.empty();
        }
        if (frames.isEmpty()) {
            notes.add(skipped + "no frames to classify");
            return Optional.empty();
        }
        TorchScripts scripts;
        try {
            scripts = TorchScripts.prepare(work);
        } catch (TorchScripts.Unavailable e) {
            notes.add(skipped + e.getMessage());
            return Optional.empty();
        }
        Path output = work.resolve("pytorch-batch.json");
        scripts.run(TorchScripts.PYTORCH_BATCH, STARTUP_TIMEOUT.plus(TIMEOUT_PER_IMAGE.multipliedBy(images)), List.of(
            network.pytorchWeights().toString(), network.manifest().toString(), written(frames.get(), work).toString(),
            "--output", output.toString(), "--count", Integer.toString(images), "--batch", Integer.toString(batchSize),
            "--threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        try {
            return Optional.of(new Result(new JsonObject(Files.readString(output))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + output, e);
        }
    }

    /** The set's images as JPEG files in a folder of their own. */
    private static Path written(ImageSet set, Path work) {
        Path folder = work.resolve("frames");
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < set.images().size(); i++) {
                Files.write(folder.resolve(String.format("frame-%03d.jpg", i)), set.images().get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the frames into " + folder, e);
        }
        return folder;
    }
}
