package org.trapstream.model.train;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.trapstream.model.Networks;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.ImageBatchIterator;
import org.trapstream.serving.Preprocessor;

/**
 * The learning-rate range test (Smith 2017, section 3.3; popularised as fastai's {@code lr_find}): train a fresh
 * network for a few hundred mini-batches while the learning rate grows exponentially from tiny to huge, and watch
 * the loss. Where it falls fastest the rate is useful; where it blows up the rate is too large.
 *
 * <p>The loss is smoothed by an exponential moving average (factor {@value #SMOOTHING}, bias-corrected, as fastai
 * does) because single mini-batch losses are noisy; the test stops once the smoothed loss exceeds
 * {@value #DIVERGENCE} times its best. Two readings are offered: the rate of the steepest descent of the smoothed
 * loss (per decade of rate, before its minimum) and a tenth of the rate at the minimum, the more conservative one,
 * which is the suggestion.
 */
public final class LrRangeTest {

    static final double SMOOTHING = 0.98;
    static final double DIVERGENCE = 4;

    /**
     * The recorded curve and its readings.
     *
     * @param rates        the learning rate of each step taken
     * @param losses       each step's mini-batch loss
     * @param smoothed     the smoothed loss after each step
     * @param minLossRate  the rate at the lowest smoothed loss
     * @param steepestRate the rate where the smoothed loss fell fastest, before its minimum (NaN with too few steps)
     * @param stopReason   why the test ended
     */
    public record Result(double[] rates, double[] losses, double[] smoothed, double minLossRate, double steepestRate,
                         String stopReason) {

        /** The suggested base learning rate: a tenth of the rate at the loss minimum. */
        public double suggestedRate() {
            return minLossRate / 10;
        }

        public JsonObject toJson() {
            return new JsonObject()
                .put("suggested_lr", suggestedRate())
                .put("min_loss_lr", minLossRate)
                .put("steepest_lr", Double.isFinite(steepestRate) ? steepestRate : null)
                .put("steps", rates.length)
                .put("stopped", stopReason);
        }
    }

    private LrRangeTest() {
    }

    /**
     * Builds a fresh network from {@code options} (with their class weighting) and runs the test on
     * {@code images}, shuffled and augmented like training.
     */
    public static Result run(TrainingOptions options, List<String> labels, Preprocessor preprocessor,
                             List<DecodedImage> images, double minRate, double maxRate, int iterations) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No training images for the range test");
        }
        Model network = options.newNetwork(labels.size()).network();
        options.classWeighting().applyTo(network, labels, images);
        ImageBatchIterator batches = ImageBatchIterator.training(images, labels, options.batchSize(), preprocessor,
            options.augmentation(), options.sampling(), options.seed());
        return run(network, batches, minRate, maxRate, iterations);
    }

    /** Runs the test on a fresh {@code network}, cycling through {@code batches} as often as needed. */
    public static Result run(Model network, ImageBatchIterator batches, double minRate, double maxRate, int iterations) {
        if (!(minRate > 0) || !(maxRate > minRate) || iterations < 2) {
            throw new IllegalArgumentException("The range test needs 0 < min < max and at least 2 iterations, got "
                + minRate + ", " + maxRate + ", " + iterations);
        }
        int start = Networks.iterationCount(network);
        // rate(i) = min * gamma^(i - start): min at the first step, max at the last.
        double gamma = Math.pow(maxRate / minRate, 1.0 / (iterations - 1));
        ISchedule schedule = new ExponentialSchedule(ScheduleType.ITERATION, minRate / Math.pow(gamma, start), gamma);
        Networks.setLearningRate(network, schedule);

        List<double[]> steps = new ArrayList<>();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        String stopReason = "reached the maximum rate";
        batches.reset();
        for (int i = 0; i < iterations; i++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            DataSet batch = batches.next();
            double rate = Networks.learningRate(network);
            double loss = Networks.fit(network, batch);
            if (!Double.isFinite(loss)) {
                stopReason = "the loss became " + loss + " at rate " + rate;
                break;
            }
            average = SMOOTHING * average + (1 - SMOOTHING) * loss;
            double smoothed = average / (1 - Math.pow(SMOOTHING, i + 1));
            steps.add(new double[] {rate, loss, smoothed});
            best = Math.min(best, smoothed);
            if (smoothed > DIVERGENCE * best) {
                stopReason = "the smoothed loss exceeded " + (int) DIVERGENCE + "x its best at rate " + rate;
                break;
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalStateException("The range test took no step: " + stopReason);
        }
        double[] rates = steps.stream().mapToDouble(s -> s[0]).toArray();
        double[] losses = steps.stream().mapToDouble(s -> s[1]).toArray();
        double[] smoothed = steps.stream().mapToDouble(s -> s[2]).toArray();
        int minimum = argMin(smoothed);
        return new Result(rates, losses, smoothed, rates[minimum], steepest(rates, smoothed, minimum), stopReason);
    }

    /**
     * The rate with the most negative slope of the smoothed loss against log10(rate), up to the minimum. The slope
     * is taken over a window of a twentieth of the steps and the first tenth is skipped: there the moving average
     * still leans on its bias correction and its slope says more about the average than about the rate.
     */
    static double steepest(double[] rates, double[] smoothed, int minimum) {
        int window = Math.max(1, rates.length / 20);
        double steepestSlope = 0;
        double rate = Double.NaN;
        for (int i = rates.length / 10; i + window <= minimum; i++) {
            double slope = (smoothed[i + window] - smoothed[i])
                / (Math.log10(rates[i + window]) - Math.log10(rates[i]));
            if (slope < steepestSlope) {
                steepestSlope = slope;
                rate = Math.sqrt(rates[i] * rates[i + window]);
            }
        }
        return rate;
    }

    private static int argMin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }
}
