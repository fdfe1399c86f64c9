package org.trapstream.classifier;

import java.util.function.Supplier;

import org.trapstream.image.ImageLimits;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.Preprocessor;

/**
 * An image decoded and preprocessed for the model that served when a decode thread picked it up.
 *
 * @param bytes           the whole image, on demand: a stored image prepared from its EXIF thumbnail was
 *                        never read in full, and only a swap to a model with other preprocessing needs it
 * @param decodeWaitNanos time between consumption and a decode thread picking the image up
 * @param decodeNanos     time spent reading, decoding and preprocessing
 */
record PreparedImage(Supplier<byte[]> bytes, float[] input, ModelMetadata preprocessedFor, long decodeWaitNanos,
                     long decodeNanos) {

    /**
     * The input for {@code model}: the prepared one, or, when a swap to a model with other preprocessing
     * happened in between, the image read and preprocessed again (rare: only images in flight across such a
     * swap).
     */
    float[] inputFor(ModelMetadata model, ImageLimits limits) {
        return ServingModel.sameInput(preprocessedFor, model) ? input
            : new Preprocessor(model).preprocess(bytes.get(), limits);
    }
}
