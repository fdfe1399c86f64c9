package org.trapstream.model.eval;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trapstream.model.Networks;
import org.trapstream.model.Preprocessor;
import org.trapstream.model.TopK;
import org.trapstream.model.data.DecodedImage;

/**
 * Scores a network in memory on decoded, labelled images: the one path for a training run's test set and a
 * tuning trial's validation set, so a trial is ranked the way its trained model is later scored. Each image's
 * prediction is its most probable label ({@link TopK}, as {@code evaluate} picks it for a saved model).
 */
public final class NetworkEvaluation {

    private NetworkEvaluation() {
    }

    /**
     * @param labels    the network's outputs in order; an image whose label is not one of them counts as wrong
     * @param batchSize images per forward pass
     */
    public static EvaluationSummary evaluate(Model network, List<String> labels, Preprocessor preprocessor,
                                             List<DecodedImage> images, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1: " + batchSize);
        }
        Evaluator evaluator = new Evaluator(labels);
        for (int from = 0; from < images.size(); from += batchSize) {
            List<DecodedImage> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
            INDArray features = preprocessor.stack(chunk.stream()
                .map(image -> preprocessor.preprocess(image.image())).toList());
            float[][] probabilities = Networks.output(network, features).toFloatMatrix();
            for (int i = 0; i < chunk.size(); i++) {
                evaluator.add(chunk.get(i).label(), TopK.of(probabilities[i], labels, 1).get(0).label());
            }
        }
        return evaluator.summary();
    }
}
