package org.trapstream.serving;

import java.util.Optional;

import org.trapstream.serving.engine.InputBatch;
import org.trapstream.serving.engine.Network;

/**
 * A verified model version ready for inference: its metadata and one network instance. An instance serves
 * one thread at a time; give each inference thread its own {@link #copy()}.
 */
public final class LoadedModel implements AutoCloseable {

    private final ModelMetadata metadata;
    private final Network network;
    private final Optional<OodDetector> ood;

    public LoadedModel(ModelMetadata metadata, Network network) {
        this.metadata = metadata;
        this.network = network;
        this.ood = metadata.ood();
    }

    /**
     * One batch's class probabilities (see {@link #predict}) and each image's out-of-distribution score, NaN for a
     * version without a detector; {@code outOfDistribution[i]} says whether the detector flags image i.
     */
    public record Classified(float[][] probabilities, double[] oodScores, boolean[] outOfDistribution) {}

    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * Class probabilities, one row per image of {@code batch} (as built by {@link Preprocessor#stack}), columns
     * in the order of {@link ModelMetadata#labels()}: softmax(logits / T) with the metadata's temperature T.
     *
     * <p>For a network that ends in a softmax, log(p) equals the logits up to a per-row constant, which softmax
     * ignores: softmax(log(p) / T) is exactly softmax(logits / T) without a second network head.
     */
    public float[][] predict(InputBatch batch) {
        return classify(batch).probabilities();
    }

    /**
     * {@link #predict}, with each image scored by the version's out-of-distribution detector on its softmax row at
     * temperature 1, the rows the detector was fitted on.
     */
    public Classified classify(InputBatch batch) {
        float[][] outputs = network.run(batch);
        boolean logits = metadata.network().outputKind() == NetworkIo.OutputKind.LOGITS;
        double temperature = metadata.temperature();
        double[] scores = new double[outputs.length];
        boolean[] flagged = new boolean[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            float[] row = outputs[i];
            scores[i] = ood.isPresent() ? ood.get().score(logits ? softmaxOf(row) : row) : Double.NaN;
            flagged[i] = ood.isPresent() && ood.get().flags(scores[i]);
            if (logits || temperature != 1.0) {
                softmax(row, temperature, logits);
            }
        }
        return new Classified(outputs, scores, flagged);
    }

    /** Another instance with the same weights and metadata, for another inference thread. */
    public LoadedModel copy() {
        return new LoadedModel(metadata, network.copy());
    }

    @Override
    public void close() {
        network.close();
    }

    /** The softmax of a row of logits at temperature 1, leaving the logits as they are. */
    public static float[] softmaxOf(float[] logits) {
        float[] probabilities = logits.clone();
        softmax(probabilities, 1.0, true);
        return probabilities;
    }

    private static void softmax(float[] row, double temperature, boolean logits) {
        double[] scaled = new double[row.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < row.length; i++) {
            double score = logits ? row[i] : Math.log(Math.max(row[i], OodScore.MIN_PROBABILITY));
            scaled[i] = score / temperature;
            max = Math.max(max, scaled[i]);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            scaled[i] = Math.exp(scaled[i] - max);
            sum += scaled[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (scaled[i] / sum);
        }
    }
}
