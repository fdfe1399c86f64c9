package org.trapstream.model;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A verified model version ready for inference: its metadata and one network instance. An instance serves
 * one thread at a time (DL4J serialises {@code output} per network); give each inference thread its own
 * {@link #copy()}.
 */
public final class LoadedModel {

    private static final double MIN_PROBABILITY = 1e-12;

    private final ModelMetadata metadata;
    private final Model network;

    LoadedModel(ModelMetadata metadata, Model network) {
        this.metadata = metadata;
        this.network = network;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * Class probabilities, one row per image of {@code batch} ([n, 3, size, size], as built by
     * {@link Preprocessor#stack}), columns in the order of {@link ModelMetadata#labels()}.
     *
     * <p>When the metadata's temperature T differs from 1 the probabilities are recalibrated as
     * softmax(log(p) / T). Because the network ends in a softmax, log(p) equals the logits up to a per-row
     * constant, which softmax ignores: this is exactly softmax(logits / T) without a second network head.
     */
    public float[][] predict(INDArray batch) {
        float[][] probabilities = Networks.output(network, batch).toFloatMatrix();
        double temperature = metadata.temperature();
        if (temperature != 1.0) {
            for (float[] row : probabilities) {
                soften(row, temperature);
            }
        }
        return probabilities;
    }

    /** Another instance with the same weights and metadata, for another inference thread. */
    public LoadedModel copy() {
        return new LoadedModel(metadata, Networks.copy(network));
    }

    private static void soften(float[] row, double temperature) {
        double[] scaled = new double[row.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < row.length; i++) {
            scaled[i] = Math.log(Math.max(row[i], MIN_PROBABILITY)) / temperature;
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
