package org.trapstream.serving.engine;

/**
 * One loaded instance of a network, used by one thread at a time: give each inference thread its own
 * {@link #copy()}.
 */
public interface Network extends AutoCloseable {

    /** The network's output, one row per image of {@code batch}: logits or probabilities, as its version says. */
    float[][] run(InputBatch batch);

    /**
     * {@link #run} and, from the same pass, each image's penultimate features: the output the version names as
     * its feature output (ONNX), or the activations that feed the output layer (DL4J).
     *
     * @throws IllegalStateException when the version names no feature output
     */
    Outputs runWithFeatures(InputBatch batch);

    /** One row per image of the network's output and of its features. */
    record Outputs(float[][] scores, float[][] features) {
    }

    /** Another instance of the same weights, for another inference thread. */
    Network copy();

    /** Frees native memory; the instance must not be used afterwards. */
    @Override
    void close();
}
