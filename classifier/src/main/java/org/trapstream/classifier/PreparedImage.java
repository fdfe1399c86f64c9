package org.trapstream.classifier;

import org.trapstream.common.image.ImageLimits;
import org.trapstream.model.ModelMetadata;
import org.trapstream.model.Preprocessor;

/**
 * An image decoded and preprocessed for the model that served when a decode thread picked it up.
 *
 * @param decodeWaitNanos time between consumption and a decode thread picking the image up
 * @param decodeNanos     time spent decoding and preprocessing
 */
record PreparedImage(byte[] bytes, float[] input, ModelMetadata preprocessedFor, long decodeWaitNanos,
                     long decodeNanos) {

    /**
     * The input for {@code model}: the prepared one, or, when a swap to a model with other preprocessing
     * happened in between, the image preprocessed again (rare: only images in flight across such a swap).
     */
    float[] inputFor(ModelMetadata model, ImageLimits limits) {
        return ServingModel.sameInput(preprocessedFor, model) ? input : new Preprocessor(model).preprocess(bytes, limits);
    }
}
