package org.trapstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.vertx.core.json.JsonObject;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.InputBatch;

/**
 * Stage 1, the ceiling: the model alone, {@link LoadedModel#predict} on batches that are already preprocessed
 * and stacked, on as many threads as the classifier has inference threads, each with its own copy of the model
 * as each of those runs it (ND4J spreads each batch over its own OpenMP threads; ONNX Runtime, with
 * classifier.onnx.threads 1, computes on the calling thread). No pipeline can classify faster than this on the
 * same machine.
 */
record CeilingBenchmark(LoadedModel model, int threads, Duration warmUp, Duration measurement) {

    /** One batch size: images per second and milliseconds per batch. */
    record Result(int batchSize, int threads, Timing.Rate rate) {
        JsonObject toJson() {
            return new JsonObject().put("batch_size", batchSize).put("threads", threads)
                .mergeIn(rate.toJson("ms_per_batch"));
        }
    }

    Result measure(int batchSize) {
        InputBatch batch = randomBatch(model.metadata(), batchSize);
        List<LoadedModel> copies = IntStream.range(0, threads).mapToObj(t -> t == 0 ? model : model.copy()).toList();
        try {
            return new Result(batchSize, threads, Timing.repeatPerThread("ceiling", threads, warmUp, measurement,
                batchSize, thread -> ignored -> copies.get(thread).predict(batch)));
        } finally {
            copies.stream().skip(1).forEach(LoadedModel::close);
        }
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
