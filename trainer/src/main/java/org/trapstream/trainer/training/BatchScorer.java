package org.trapstream.trainer.training;

import java.util.List;
import java.util.function.Function;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.trapstream.model.Preprocessor;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Evaluator;

/**
 * Runs a model over decoded images in mini-batches and scores its top-1 answers by label name, together with
 * the mean cross-entropy of the true labels the model knows (images of a class it does not know only count as
 * errors). The model is a function, so a network in training and a {@link org.trapstream.model.LoadedModel}
 * from the registry are scored by the same code.
 */
final class BatchScorer {

    private static final double MIN_PROBABILITY = 1e-7;

    record Scores(EvaluationSummary summary, double loss) {
    }

    /** Class probabilities, one row per image, in the images' order. */
    static float[][] probabilities(Function<INDArray, float[][]> model, Preprocessor preprocessor,
                                   List<DecodedImage> images, int batchSize) {
        float[][] rows = new float[images.size()][];
        for (int from = 0; from < images.size(); from += batchSize) {
            List<DecodedImage> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
            float[][] batch = model.apply(
                preprocessor.stack(chunk.stream().map(image -> preprocessor.preprocess(image.image())).toList()));
            System.arraycopy(batch, 0, rows, from, batch.length);
        }
        return rows;
    }

    static Scores score(Function<INDArray, float[][]> model, Preprocessor preprocessor, List<String> modelLabels,
                        List<DecodedImage> images, int batchSize) {
        return score(modelLabels, images, probabilities(model, preprocessor, images, batchSize));
    }

    static Scores score(List<String> modelLabels, List<DecodedImage> images, float[][] probabilities) {
        Evaluator evaluator = new Evaluator(modelLabels);
        double loss = 0;
        int known = 0;
        for (int i = 0; i < images.size(); i++) {
            String truth = images.get(i).label();
            evaluator.add(truth, modelLabels.get(argMax(probabilities[i])));
            int index = modelLabels.indexOf(truth);
            if (index >= 0) {
                loss -= Math.log(Math.max(probabilities[i][index], MIN_PROBABILITY));
                known++;
            }
        }
        return new Scores(evaluator.summary(), known == 0 ? Double.NaN : loss / known);
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private BatchScorer() {
    }
}
