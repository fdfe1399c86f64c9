package org.trapstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.trapstream.classifier.ClassifierConfig;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.ingest.IngestConfig;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.train.TrainingSettings;
import org.trapstream.serving.InferenceSettings;

/**
 * The command line of {@code ./bench}. Batcher settings go through {@link TrapstreamConfig}, so they are
 * validated exactly as the classifier validates them; everything else picks the model and how long each stage
 * measures.
 *
 * @param config      defaults plus the classifier overrides; the seed CNN's side is {@code trainer.image.size}
 * @param network     the model every stage measures
 * @param givenImages records pre-loaded for the saturation phase of the pipeline ({@code --images}), if given
 * @param warmUp      untimed repetitions before each ceiling and decode measurement (JIT, ND4J workspaces)
 * @param measure     timed window of each ceiling and decode measurement
 * @param halfLoad    how long images are produced at half the fed rate for the latency phase
 */
record BenchOptions(boolean quick, Path out, TrapstreamConfig config, BenchModel.Choice network,
                    OptionalInt givenImages, Duration warmUp, Duration measure, Duration halfLoad) {

    static final String USAGE = """
        Usage: ./bench [--quick] [--out DIR] [--images N]
                       [--image-size S | --model FILE.onnx --manifest FILE | --imported] [--inference-threads N]
                       [--batch-max-size N] [--batch-max-delay DURATION] [--payload stored|inline]
          --quick               fewer images and shorter phases (under 3 minutes with the seed CNN)
          --out DIR             where the JSON result goes (default ./bench-results)
          --images N            records pre-loaded for the pipeline's saturation phase (default: enough for
                                30 s at the model's ceiling, quick 10 s; at most 10000 stored, 3000 inline,
                                quick 600)
          --image-size S        input side of the default model, the seed CNN (default trainer.image.size = 64)
          --model FILE.onnx     measure this imported network instead, with its import manifest (--manifest);
                                with the PyTorch weights it was exported from beside it (FILE.pt, as
                                reference_models.py writes them), a PyTorch batch script runs on the same frames
          --manifest FILE       the import manifest of --model
          --imported            --model on the parity script's ResNet-50 at 224 px, seeded random weights,
                                exported into the work folder by reference_models.py (needs /usr/bin/python3
                                with torch, torchvision and onnx; skipped, saying so, without)
          --inference-threads N classifier.inference.threads (default 1; with an imported network, one per core)
          --batch-max-size N    classifier.batch.max.size of the batching-on pipeline run (default 16)
          --batch-max-delay D   classifier.batch.max.delay, e.g. 20ms (default 20ms)
          --payload P           ingest.image.payload of the records fed to the pipeline (default stored)
        """;

    /** Seconds of saturation the default {@code --images} aims at, at the model's ceiling. */
    private static final int SATURATION_SECONDS = 30;
    private static final int QUICK_SATURATION_SECONDS = 10;
    private static final int MIN_IMAGES = 100;
    private static final int PYTORCH_IMAGES = 200;
    private static final int QUICK_PYTORCH_IMAGES = 64;

    int batchMaxSize() {
        return config.getInt(InferenceSettings.BATCH_MAX_SIZE);
    }

    Duration batchMaxDelay() {
        return config.getDuration(ClassifierConfig.BATCH_MAX_DELAY);
    }

    int decodeThreads() {
        return config.getInt(ClassifierConfig.DECODE_THREADS);
    }

    int inferenceThreads() {
        return config.getInt(ClassifierConfig.INFERENCE_THREADS);
    }

    /**
     * Records for the saturation phase: {@code --images}, else enough for {@value #SATURATION_SECONDS} s
     * ({@value #QUICK_SATURATION_SECONDS} s quick) at the model's ceiling, so that a ResNet-50 does not take an
     * hour over what the seed CNN does in seconds; at most what the seed CNN always had: references are cheap to
     * keep in the broker, while 3000 inline frames already fill 2 GB of its log per measurement.
     */
    int images(double ceilingImagesPerSecond) {
        long enough = Math.round(ceilingImagesPerSecond * (quick ? QUICK_SATURATION_SECONDS : SATURATION_SECONDS));
        return givenImages.orElse((int) Math.max(MIN_IMAGES, Math.min(mostImages(), enough)));
    }

    /** Records for Kafka alone: {@code --images}, else as many as the seed CNN's pipeline gets, whatever the model. */
    int kafkaImages() {
        return givenImages.orElse(mostImages());
    }

    private int mostImages() {
        return quick ? 600 : IngestConfig.imagePayload(config) == ImagePayload.STORED ? 10_000 : 3_000;
    }

    /** Images the PyTorch batch script times: the frames cycled. */
    int pytorchImages() {
        return quick ? QUICK_PYTORCH_IMAGES : PYTORCH_IMAGES;
    }

    /** @throws IllegalArgumentException with a message for the user when an argument is wrong */
    static BenchOptions parse(List<String> args) {
        boolean quick = false;
        boolean parity = false;
        Path out = Path.of("bench-results");
        Path onnx = null;
        Path manifest = null;
        OptionalInt images = OptionalInt.empty();
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(valueOf(args, ++i, arg));
                case "--images" -> images = OptionalInt.of(positive(arg, valueOf(args, ++i, arg)));
                case "--image-size" -> overrides.put(TrainingSettings.TRAIN_IMAGE_SIZE, valueOf(args, ++i, arg));
                case "--model" -> onnx = existingFile(arg, valueOf(args, ++i, arg));
                case "--manifest" -> manifest = existingFile(arg, valueOf(args, ++i, arg));
                case "--imported" -> parity = true;
                case "--inference-threads" ->
                    overrides.put(ClassifierConfig.INFERENCE_THREADS, valueOf(args, ++i, arg));
                case "--batch-max-size" -> overrides.put(InferenceSettings.BATCH_MAX_SIZE, valueOf(args, ++i, arg));
                case "--batch-max-delay" -> overrides.put(ClassifierConfig.BATCH_MAX_DELAY, valueOf(args, ++i, arg));
                case "--payload" -> overrides.put(IngestConfig.INGEST_IMAGE_PAYLOAD, valueOf(args, ++i, arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        boolean imported = parity || onnx != null || manifest != null;
        if (imported && overrides.containsKey(TrainingSettings.TRAIN_IMAGE_SIZE)) {
            throw new IllegalArgumentException("--image-size is the seed CNN's; an imported network's side is in its"
                + " manifest");
        }
        if (imported) {
            // One inference thread per core, each running ONNX Runtime on its own thread (classifier.onnx.threads
            // 1): the classifier's setting for a machine that serves one model.
            overrides.putIfAbsent(ClassifierConfig.INFERENCE_THREADS,
                Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        TrapstreamConfig config;
        try {
            config = TrapstreamConfig.of(SystemConfig.DEFINITION, overrides);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        BenchModel.Choice network = network(parity, onnx, manifest, config.getInt(TrainingSettings.TRAIN_IMAGE_SIZE));
        return quick
            ? new BenchOptions(true, out, config, network, images, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(10))
            : new BenchOptions(false, out, config, network, images, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    static BenchModel.Choice network(boolean parity, Path onnx, Path manifest, int seedImageSize) {
        if (parity && (onnx != null || manifest != null)) {
            throw new IllegalArgumentException("--imported brings its own network: leave out --model and --manifest");
        }
        if (parity) {
            return new BenchModel.ParityResNet();
        }
        if (onnx != null && manifest != null) {
            return new BenchModel.OnnxFile(onnx, manifest);
        }
        if (onnx != null || manifest != null) {
            throw new IllegalArgumentException("--model and --manifest go together: the network and how to feed it");
        }
        int blocks = 1 << SeedCnn.DEFAULT.convBlocks();
        if (seedImageSize % blocks != 0) {
            throw new IllegalArgumentException("--image-size must divide by " + blocks + " (the model halves it "
                + SeedCnn.DEFAULT.convBlocks() + " times)");
        }
        return new BenchModel.Seed(seedImageSize);
    }

    private static Path existingFile(String option, String value) {
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + value + ": no such file");
        }
        return file;
    }

    static String valueOf(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("Option " + option + " needs a value");
        }
        return args.get(index);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 10) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least 10, got " + value);
    }
}
