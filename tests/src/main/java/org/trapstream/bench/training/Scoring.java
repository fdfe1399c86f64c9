package org.trapstream.bench.training;

import java.util.List;
import java.util.function.Function;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.trapstream.model.Preprocessor;
import org.trapstream.model.TopK;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Evaluator;

/**
 * Runs a model over images that are already sized, in mini-batches, and scores its top-1 answers with the
 * model module's {@link Evaluator}. The model is a function, so a network being fitted and a
 * {@link org.trapstream.model.LoadedModel} from the registry go through the same code.
 */
public final class Scoring {

    private static final int BATCH = 64;

    /** Class probabilities, one row per image, in the images' order. */
    public static float[][] probabilities(Function<INDArray, float[][]> model, Preprocessor preprocessor,
                                          List<DecodedImage> images) {
        float[][] rows = new float[images.size()][];
        for (int from = 0; from < images.size(); from += BATCH) {
            List<DecodedImage> chunk = images.subList(from, Math.min(images.size(), from + BATCH));
            float[][] batch = model.apply(
                preprocessor.stack(chunk.stream().map(image -> preprocessor.preprocess(image.image())).toList()));
            System.arraycopy(batch, 0, rows, from, batch.length);
        }
        return rows;
    }

    /** Top-1 scores of {@code probabilities} (columns in {@code modelLabels} order) against the images' labels. */
    public static EvaluationSummary summary(List<String> modelLabels, List<DecodedImage> images,
                                            float[][] probabilities) {
        Evaluator evaluator = new Evaluator(modelLabels);
        for (int i = 0; i < images.size(); i++) {
            evaluator.add(images.get(i).label(), TopK.of(probabilities[i], modelLabels, 1).get(0).label());
        }
        return evaluator.summary();
    }

    /** Each image's class index in {@code modelLabels}, -1 for a class the model does not know. */
    public static int[] truth(List<String> modelLabels, List<DecodedImage> images) {
        return images.stream().mapToInt(image -> modelLabels.indexOf(image.label())).toArray();
    }

    private Scoring() {
    }
}
