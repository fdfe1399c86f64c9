package org.trapstream.bench;

import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.Prediction;

/**
 * One measured phase of the pipeline: the images sent and classified, the rate, the end-to-end latency (only
 * where images were produced at a known moment under a steady load), where each image's time went by the
 * classifier's own per-image timings, the micro-batches, and which threads used the CPU.
 *
 * @param imagesPerSecond measured throughput (saturation) or the offered rate (half load)
 * @param endToEnd        from handing the record to the producer to its prediction arriving at a consumer
 * @param stages          percentiles per stage: queue (for a decode thread, then for batch company and the
 *                        model), decode, inference (the whole batch's), queue_and_inference (what the batcher's
 *                        latency promise is about), in_classifier (consumed to handed to the producer), and
 *                        outside_classifier (Kafka both ways and the clients) where the end-to-end time is known
 */
record Phase(int sent, int classified, double imagesPerSecond, Percentiles endToEnd, JsonObject stages,
             JsonObject batches, JsonObject cpu) {

    /** The classifier's timings of the given predictions; {@code sentAt} (nullable) adds the time outside it. */
    static JsonObject stages(Map<String, PredictionCollector.Arrival> arrivals, Map<String, Long> sentAt) {
        JsonObject stages = new JsonObject()
            .put("queue", of(arrivals, Prediction.Timings::queueMs).toJson())
            .put("decode", of(arrivals, Prediction.Timings::decodeMs).toJson())
            .put("inference", of(arrivals, Prediction.Timings::inferenceMs).toJson())
            .put("queue_and_inference", of(arrivals, t -> t.queueMs() + t.inferenceMs()).toJson())
            .put("in_classifier", of(arrivals, Prediction.Timings::totalMs).toJson());
        if (sentAt != null) {
            stages.put("outside_classifier", Percentiles.ofMillis(arrivals.entrySet().stream()
                .mapToDouble(e -> endToEndMs(e.getValue(), sentAt.get(e.getKey())) - e.getValue().timings().totalMs())
                .toArray()).toJson());
        }
        return stages;
    }

    private static Percentiles of(Map<String, PredictionCollector.Arrival> arrivals,
                                  ToDoubleFunction<Prediction.Timings> stage) {
        return Percentiles.ofMillis(
            arrivals.values().stream().mapToDouble(a -> stage.applyAsDouble(a.timings())).toArray());
    }

    private static double endToEndMs(PredictionCollector.Arrival arrival, long sentNanos) {
        return (arrival.nanos() - sentNanos) / 1e6;
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("images_sent", sent).put("images_classified", classified)
            .put("images_per_second", Percentiles.round(imagesPerSecond));
        if (endToEnd.count() > 0) {
            json.put("end_to_end", endToEnd.toJson());
        }
        return json.put("stages", stages).put("batches", batches).put("cpu", cpu);
    }
}
