package org.trapstream.classifier;

import java.util.ArrayList;
import java.util.List;

import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.Preprocessor;

/**
 * A verified model version ready to serve: its preprocessing (shared by the decode threads) and one network
 * copy per inference thread, because DL4J serialises {@code output} per network instance (ONNX Runtime's
 * copies share one session).
 */
record ServingModel(ModelMetadata metadata, Preprocessor preprocessor, List<LoadedModel> copies) {

    /** Makes {@code threads} independent copies of {@code model}; blocking (copies weights). */
    static ServingModel of(LoadedModel model, int threads) {
        List<LoadedModel> copies = new ArrayList<>(threads);
        copies.add(model);
        for (int i = 1; i < threads; i++) {
            copies.add(model.copy());
        }
        return new ServingModel(model.metadata(), new Preprocessor(model.metadata()), List.copyOf(copies));
    }

    String version() {
        return metadata.version();
    }

    /** Whether inputs preprocessed for one are valid inputs of the other (same size, normalisation, fit and layout). */
    static boolean sameInput(ModelMetadata a, ModelMetadata b) {
        return a.inputSize() == b.inputSize() && a.channels() == b.channels()
            && a.mean().equals(b.mean()) && a.std().equals(b.std()) && a.network().equals(b.network());
    }
}
