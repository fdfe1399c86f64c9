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

    /** A version whose detector, if any, reads the softmax row. */
    public LoadedModel(ModelMetadata metadata, Network network) {
        this(metadata, network, metadata.ood());
    }

    /**
     * @param ood the version's detector, with its feature Gaussian when it reads features
     *            ({@link OodDetector#withGaussianFrom})
     */
    public LoadedModel(ModelMetadata metadata, Network network, Optional<OodDetector> ood) {
        if (ood.isPresent() && ood.get().readsFeatures() && ood.get().gaussian() == null) {
            throw new IllegalArgumentException(metadata.version() + ": its out-of-distribution detector reads "
                + "features, but its feature Gaussian was not read");
        }
        this.metadata = metadata;
        this.network = network;
        this.ood = ood;
    }

    /**
     * One batch's class probabilities (see {@link #predict}) and each image's out-of-distribution score, NaN for a
     * version without a detector; {@code outOfDistribution[i]} says whether the detector flags image i;
     * {@code features} holds each image's features when they were asked for, else null.
     */
    public record Classified(float[][] probabilities, double[] oodScores, boolean[] outOfDistribution,
                             float[][] features) {}

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
     * {@link #predict}, with each image scored by the version's out-of-distribution detector on what it was fitted
     * on: the softmax row at temperature 1, or the network's features from the same pass.
     */
    public Classified classify(InputBatch batch) {
        return classify(batch, false);
    }

    /**
     * {@link #classify(InputBatch)}, with each image's features too when {@code withFeatures} (to fit a detector on
     * them).
     *
     * @throws IllegalStateException when features are asked of a version that names no feature output
     */
    public Classified classify(InputBatch batch, boolean withFeatures) {
        Network.Outputs run = withFeatures || ood.isPresent() && ood.get().readsFeatures()
            ? network.runWithFeatures(batch) : new Network.Outputs(network.run(batch), null);
        float[][] outputs = run.scores();
        boolean logits = metadata.network().outputKind() == NetworkIo.OutputKind.LOGITS;
        double temperature = metadata.temperature();
        double[] scores = new double[outputs.length];
        boolean[] flagged = new boolean[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            float[] row = outputs[i];
            scores[i] = ood.isPresent()
                ? ood.get().score(logits ? softmaxOf(row) : row, run.features() == null ? null : run.features()[i])
                : Double.NaN;
            flagged[i] = ood.isPresent() && ood.get().flags(scores[i]);
            if (logits || temperature != 1.0) {
                softmax(row, temperature, logits);
            }
        }
        return new Classified(outputs, scores, flagged, withFeatures ? run.features() : null);
    }

    /** Another instance with the same weights and metadata, for another inference thread. */
    public LoadedModel copy() {
        return new LoadedModel(metadata, network.copy(), ood);
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
