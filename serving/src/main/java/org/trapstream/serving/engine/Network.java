package org.trapstream.serving.engine;

/**
 * One loaded instance of a network, used by one thread at a time: give each inference thread its own
 * {@link #copy()}.
 */
public interface Network extends AutoCloseable {

    /** The network's output, one row per image of {@code batch}: logits or probabilities, as its version says. */
    float[][] run(InputBatch batch);

    /** Another instance of the same weights, for another inference thread. */
    Network copy();

    /** Frees native memory; the instance must not be used afterwards. */
    @Override
    void close();
}
