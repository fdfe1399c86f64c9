package org.trapstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.model.arch.SeedCnn;

/**
 * The command line of {@code ./bench}. Batcher settings go through {@link TrapstreamConfig}, so they are
 * validated exactly as the classifier validates them; everything else picks how long each stage measures.
 *
 * @param config     defaults plus the batcher overrides; the image size is {@code trainer.image.size}
 * @param images     records pre-loaded for the saturation phase of the pipeline
 * @param warmUp     untimed repetitions before each ceiling and decode measurement (JIT, ND4J workspaces)
 * @param measure    timed window of each ceiling and decode measurement
 * @param halfLoad   how long images are produced at half the fed rate for the latency phase
 */
record BenchOptions(boolean quick, Path out, TrapstreamConfig config, int images, Duration warmUp, Duration measure,
                    Duration halfLoad) {

    static final String USAGE = """
        Usage: ./bench [--quick] [--out DIR] [--images N] [--image-size S]
                       [--batch-max-size N] [--batch-max-delay DURATION] [--payload stored|inline]
          --quick             fewer images and shorter phases (under 3 minutes)
          --out DIR           where the JSON result goes (default ./bench-results)
          --images N          records pre-loaded for the pipeline's saturation phase (default 10000 stored,
                              3000 inline; quick 600)
          --image-size S      model input side (default trainer.image.size = 64)
          --batch-max-size N  classifier.batch.max.size of the batching-on pipeline run (default 16)
          --batch-max-delay D classifier.batch.max.delay, e.g. 20ms (default 20ms)
          --payload P         ingest.image.payload of the records fed to the pipeline (default stored)
        """;

    int imageSize() {
        return config.getInt(TrapstreamConfig.TRAIN_IMAGE_SIZE);
    }

    int batchMaxSize() {
        return config.getInt(TrapstreamConfig.BATCH_MAX_SIZE);
    }

    Duration batchMaxDelay() {
        return config.getDuration(TrapstreamConfig.BATCH_MAX_DELAY);
    }

    int decodeThreads() {
        return config.getInt(TrapstreamConfig.DECODE_THREADS);
    }

    /** @throws IllegalArgumentException with a message for the user when an argument is wrong */
    static BenchOptions parse(List<String> args) {
        boolean quick = false;
        Path out = Path.of("bench-results");
        Integer images = null;
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(valueOf(args, ++i, arg));
                case "--images" -> images = positive(arg, valueOf(args, ++i, arg));
                case "--image-size" -> overrides.put(TrapstreamConfig.TRAIN_IMAGE_SIZE, valueOf(args, ++i, arg));
                case "--batch-max-size" -> overrides.put(TrapstreamConfig.BATCH_MAX_SIZE, valueOf(args, ++i, arg));
                case "--batch-max-delay" -> overrides.put(TrapstreamConfig.BATCH_MAX_DELAY, valueOf(args, ++i, arg));
                case "--payload" -> overrides.put(TrapstreamConfig.INGEST_IMAGE_PAYLOAD, valueOf(args, ++i, arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        TrapstreamConfig config;
        try {
            config = TrapstreamConfig.of(overrides);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int blocks = 1 << SeedCnn.DEFAULT.convBlocks();
        if (config.getInt(TrapstreamConfig.TRAIN_IMAGE_SIZE) % blocks != 0) {
            throw new IllegalArgumentException("--image-size must divide by " + blocks + " (the model halves it "
                + SeedCnn.DEFAULT.convBlocks() + " times)");
        }
        return quick
            ? new BenchOptions(true, out, config, images == null ? 600 : images, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(10))
            : new BenchOptions(false, out, config, images == null ? defaultImages(config) : images,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /**
     * Enough for a saturation phase of well over ten seconds: references are cheap to keep in the broker, while
     * 3000 inline frames already fill 2 GB of its log per measurement.
     */
    private static int defaultImages(TrapstreamConfig config) {
        return config.ingestImagePayload() == ImagePayload.STORED ? 10_000 : 3_000;
    }

    private static String valueOf(List<String> args, int index, String option) {
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
