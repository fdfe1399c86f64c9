package org.trapstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.vertx.core.json.JsonObject;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.InputBatch;

/**
 * Stage 1, the ceiling: the model alone, {@link LoadedModel#predict} on batches that are already preprocessed
 * and stacked, on one thread as one classifier inference thread runs it (ND4J spreads each batch over its own
 * OpenMP threads). No pipeline can classify faster than this on the same machine.
 */
final class CeilingBenchmark {

    /** One batch size: images per second and milliseconds per batch. */
    record Result(int batchSize, double imagesPerSecond, Percentiles msPerBatch, double cpuMsPerImage) {
        JsonObject toJson() {
            return new JsonObject().put("batch_size", batchSize)
                .put("images_per_second", Percentiles.round(imagesPerSecond)).put("ms_per_batch", msPerBatch.toJson())
                .put("cpu_ms_per_image", Percentiles.round(cpuMsPerImage));
        }
    }

    private final LoadedModel model;
    private final Duration warmUp;
    private final Duration measure;

    CeilingBenchmark(LoadedModel model, Duration warmUp, Duration measure) {
        this.model = model;
        this.warmUp = warmUp;
        this.measure = measure;
    }

    Result measure(int batchSize) {
        InputBatch batch = randomBatch(model.metadata(), batchSize);
        Timing.Rate rate = Timing.repeat("ceiling", 1, warmUp, measure, batchSize, ignored -> model.predict(batch));
        return new Result(batchSize, rate.itemsPerSecond(), rate.perOperation(), rate.cpuMsPerItem());
    }

    /** Pixel values do not change the work a CNN does on the CPU; normalised noise stands in for images. */
    private static InputBatch randomBatch(ModelMetadata metadata, int batchSize) {
        Random random = new Random(batchSize);
        int values = metadata.channels() * metadata.inputSize() * metadata.inputSize();
        List<float[]> images = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            float[] image = new float[values];
            for (int v = 0; v < values; v++) {
                image[v] = (float) random.nextGaussian();
            }
            images.add(image);
        }
        return new Preprocessor(metadata).stack(images);
    }
}
