package org.trapstream.serving.engine;

import java.util.Arrays;

/**
 * Preprocessed images stacked for one inference call, row-major in the network's layout: {@code shape} is
 * [n, 3, size, size] (NCHW) or [n, size, size, 3] (NHWC). Engine-neutral, so every engine is fed by the one
 * preprocessing.
 */
public record InputBatch(float[] values, long[] shape) {

    public InputBatch {
        long length = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (shape.length != 4 || length != values.length) {
            throw new IllegalArgumentException("A batch of shape " + Arrays.toString(shape) + " cannot hold "
                + values.length + " values");
        }
    }

    public int images() {
        return (int) shape[0];
    }
}
