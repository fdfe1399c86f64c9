package org.trapstream.bench;

import java.time.Duration;

import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.Preprocessor;

/**
 * Stage 2: decoding and preprocessing alone, {@link Preprocessor#preprocess(byte[], ImageLimits)} on real
 * image bytes already in memory, cycling through the set, on one thread and on as many as the classifier's
 * decode pool has.
 */
record DecodeBenchmark(Preprocessor preprocessor, ImageLimits limits, Duration warmUp, Duration measurement) {

    record Result(String dataset, int threads, double imagesPerSecond, Percentiles msPerImage, double cpuMsPerImage) {
        JsonObject toJson() {
            return new JsonObject().put("dataset", dataset).put("threads", threads)
                .put("images_per_second", Percentiles.round(imagesPerSecond)).put("ms_per_image", msPerImage.toJson())
                .put("cpu_ms_per_image", Percentiles.round(cpuMsPerImage));
        }
    }

    Result measure(ImageSet set, int threads) {
        Timing.Rate rate = Timing.repeat("decode", threads, warmUp, measurement, 1,
            n -> preprocessor.preprocess(set.images().get((int) (n % set.images().size())), limits));
        return new Result(set.name(), threads, rate.itemsPerSecond(), rate.perOperation(), rate.cpuMsPerItem());
    }
}
