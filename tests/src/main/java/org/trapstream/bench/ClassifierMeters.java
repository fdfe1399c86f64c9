package org.trapstream.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.vertx.core.json.JsonObject;

/**
 * The classifier's own meters, read from the registry of its RoleContext: the size of each micro-batch
 * ({@code camtrap.classifier.batch.size}, a histogram) and its time in the model
 * ({@code camtrap.classifier.inference}). They only ever grow (Prometheus histograms are cumulative), so the
 * difference of two snapshots describes the phase between them.
 *
 * @param bounds     upper bounds of the batch-size histogram's buckets
 * @param cumulative batches of at most each bound
 */
record ClassifierMeters(long batches, double images, long inferences, double inferenceMs, double deadLetters,
                        double[] bounds, double[] cumulative) {

    static final String BATCH_SIZE = "camtrap.classifier.batch.size";
    static final String INFERENCE = "camtrap.classifier.inference";
    static final String DEAD_LETTERS = "camtrap.classifier.dead.letters";

    static ClassifierMeters read(MeterRegistry registry) {
        DistributionSummary sizes = registry.find(BATCH_SIZE).summary();
        Timer inference = registry.find(INFERENCE).timer();
        double deadLetters = registry.find(DEAD_LETTERS).counters().stream().mapToDouble(Counter::count).sum();
        CountAtBucket[] buckets = sizes == null ? new CountAtBucket[0] : sizes.takeSnapshot().histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] cumulative = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket();
            cumulative[i] = buckets[i].count();
        }
        return new ClassifierMeters(sizes == null ? 0 : sizes.count(), sizes == null ? 0 : sizes.totalAmount(),
            inference == null ? 0 : inference.count(),
            inference == null ? 0 : inference.totalTime(TimeUnit.MILLISECONDS),
            deadLetters, bounds, cumulative);
    }

    /**
     * Between {@code before} and this snapshot: batches, their mean size, the histogram of sizes as
     * {"bucket upper bound": batches}, the largest size by that histogram (exact up to 14: Micrometer's buckets
     * are 1, 2, ... 14, 16, 21, ...; the summary's own max would mix in the previous phase), the mean time of
     * a batch in the model, and dead letters.
     */
    JsonObject since(ClassifierMeters before) {
        long n = batches - before.batches;
        JsonObject histogram = new JsonObject();
        double largest = 0;
        double below = 0;
        for (int i = 0; i < bounds.length; i++) {
            double upTo = cumulative[i] - (i < before.cumulative.length ? before.cumulative[i] : 0);
            double inBucket = upTo - below;
            below = upTo;
            if (inBucket > 0) {
                histogram.put(label(bounds[i]), Math.round(inBucket));
                largest = bounds[i];
            }
        }
        long batchesTimed = inferences - before.inferences;
        return new JsonObject()
            .put("batches", n)
            .put("mean_size", n == 0 ? null : Percentiles.round((images - before.images) / n))
            .put("max_size", n == 0 ? null : Math.round(largest))
            .put("size_histogram", histogram)
            .put("mean_inference_ms_per_batch",
                batchesTimed == 0 ? null : Percentiles.round((inferenceMs - before.inferenceMs) / batchesTimed))
            .put("dead_letters", Math.round(deadLetters - before.deadLetters));
    }

    private static String label(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
