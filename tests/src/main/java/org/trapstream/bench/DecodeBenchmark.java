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

    record Result(String dataset, int threads, Timing.Rate rate) {
        JsonObject toJson() {
            return new JsonObject().put("dataset", dataset).put("threads", threads)
                .mergeIn(rate.toJson("ms_per_image"));
        }
    }

    Result measure(ImageSet set, int threads) {
        return new Result(set.name(), threads, Timing.repeat("decode", threads, warmUp, measurement, 1,
            n -> preprocessor.preprocess(set.images().get((int) (n % set.images().size())), limits)));
    }
}
