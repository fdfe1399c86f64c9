package org.trapstream.serving;

import org.trapstream.serving.engine.InputBatch;
import org.trapstream.serving.engine.Network;

/**
 * A verified model version ready for inference: its metadata and one network instance. An instance serves
 * one thread at a time; give each inference thread its own {@link #copy()}.
 */
public final class LoadedModel implements AutoCloseable {

    private static final double MIN_PROBABILITY = 1e-12;

    private final ModelMetadata metadata;
    private final Network network;

    public LoadedModel(ModelMetadata metadata, Network network) {
        this.metadata = metadata;
        this.network = network;
    }

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
        float[][] outputs = network.run(batch);
        boolean logits = metadata.network().outputKind() == NetworkIo.OutputKind.LOGITS;
        double temperature = metadata.temperature();
        if (logits || temperature != 1.0) {
            for (float[] row : outputs) {
                softmax(row, temperature, logits);
            }
        }
        return outputs;
    }

    /** Another instance with the same weights and metadata, for another inference thread. */
    public LoadedModel copy() {
        return new LoadedModel(metadata, network.copy());
    }

    @Override
    public void close() {
        network.close();
    }

    private static void softmax(float[] row, double temperature, boolean logits) {
        double[] scaled = new double[row.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < row.length; i++) {
            double score = logits ? row[i] : Math.log(Math.max(row[i], MIN_PROBABILITY));
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
