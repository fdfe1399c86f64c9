package org.trapstream.model.eval;

import java.util.List;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Model;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.Dl4jNetworks;
import org.trapstream.serving.engine.InputBatch;

/**
 * The one scoring loop: runs a model over decoded, labelled images in mini-batches and scores its top-1
 * answers by label name, with the mean cross-entropy of the true labels the model knows (images of a class it
 * does not know count only as errors). The model is a function, so a network in training, a
 * {@link LoadedModel} from the registry and any engine's network are scored by the same code, for a training
 * run's validation and test sets, a tuning trial, the trainer's promotion gate and the benchmark.
 */
public final class Scoring {

    private static final double MIN_PROBABILITY = 1e-7;

    /** A model as scoring sees it: a batch in, one row of class probabilities per image out. */
    @FunctionalInterface
    public interface Scorer extends Function<InputBatch, float[][]> {
    }

    /** Top-1 scores, and the mean cross-entropy of the known true labels ({@code NaN} when there are none). */
    public record Scores(EvaluationSummary summary, double loss) {
    }

    /** A DL4J network in training, in inference mode. */
    public static Scorer of(Model network) {
        return batch -> Dl4jNetworks.output(network, Dl4jEngine.array(batch)).toFloatMatrix();
    }

    /** A DL4J network's penultimate features (what feeds its output layer), one row per image. */
    public static Scorer featuresOf(Model network) {
        return batch -> Dl4jNetworks.outputAndFeatures(network, Dl4jEngine.array(batch))[1].toFloatMatrix();
    }

    /** A loaded version, with its calibrated temperature. */
    public static Scorer of(LoadedModel model) {
        return model::predict;
    }

    /** Class probabilities (or, with {@link #featuresOf}, features), one row per image, in the images' order. */
    public static float[][] probabilities(Scorer model, Preprocessor preprocessor, List<DecodedImage> images,
                                          int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1: " + batchSize);
        }
        float[][] rows = new float[images.size()][];
        for (int from = 0; from < images.size(); from += batchSize) {
            List<DecodedImage> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
            float[][] batch = model.apply(
                preprocessor.stack(chunk.stream().map(image -> preprocessor.preprocess(image.image())).toList()));
            System.arraycopy(batch, 0, rows, from, batch.length);
        }
        return rows;
    }

    /** Scores {@code model} on {@code images}, whose labels are compared with {@code modelLabels} by name. */
    public static Scores score(Scorer model, Preprocessor preprocessor, List<String> modelLabels,
                               List<DecodedImage> images, int batchSize) {
        return score(modelLabels, labelsOf(images), probabilities(model, preprocessor, images, batchSize));
    }

    /** The images' true labels, in order. */
    public static List<String> labelsOf(List<DecodedImage> images) {
        return images.stream().map(DecodedImage::label).toList();
    }

    /** Scores probabilities already computed (columns in {@code modelLabels} order) against the true labels. */
    public static Scores score(List<String> modelLabels, List<String> truths, float[][] probabilities) {
        Evaluator evaluator = new Evaluator(modelLabels);
        double loss = 0;
        int known = 0;
        for (int i = 0; i < truths.size(); i++) {
            String truth = truths.get(i);
            evaluator.add(truth, modelLabels.get(argMax(probabilities[i])));
            int index = modelLabels.indexOf(truth);
            if (index >= 0) {
                loss -= Math.log(Math.max(probabilities[i][index], MIN_PROBABILITY));
                known++;
            }
        }
        return new Scores(evaluator.summary(), known == 0 ? Double.NaN : loss / known);
    }

    /** Each true label's index in {@code modelLabels}, -1 for a class the model does not know. */
    public static int[] truth(List<String> modelLabels, List<String> truths) {
        return truths.stream().mapToInt(modelLabels::indexOf).toArray();
    }

    /** The index of the largest value; the first of equals. */
    public static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private Scoring() {
    }
}
