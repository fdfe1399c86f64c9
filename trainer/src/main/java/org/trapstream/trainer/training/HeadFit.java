package org.trapstream.trainer.training;

import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.train.FitResult;

/**
 * A new classification head on frozen backbone features: softmax regression (one dense layer, cross-entropy,
 * Adam, L2), trained with DL4J on feature vectors, keeping the epoch with the lowest validation loss and stopping
 * when it has not improved for {@value #PATIENCE} epochs. A few thousand multiply-adds per image and epoch: seconds
 * for ten thousand labels, where a backbone pass over the same images takes hours on a CPU.
 */
public final class HeadFit {

    public static final int MAX_EPOCHS = 100;
    public static final int PATIENCE = 10;
    /**
     * Batches as large as leave about eight steps an epoch: a DL4J fit call costs tens of milliseconds whatever its
     * size and a dense layer's maths little, but a few hundred labels still need their steps.
     */
    private static final int MIN_BATCH = 16;
    private static final int MAX_BATCH = 256;
    private static final int STEPS_PER_EPOCH = 8;
    /** Less than this relative drop in validation loss is no improvement (the loss of a separable set creeps down forever). */
    private static final double MIN_IMPROVEMENT = 1e-3;
    private static final double L2 = 1e-4;
    private static final double MIN_PROBABILITY = 1e-7;

    /**
     * A fitted head: {@code weights} row-major [features][classes], as ONNX's Gemm takes them.
     *
     * @param history one object per epoch: epoch, train_loss, val_loss, val_accuracy
     */
    public record Head(float[] weights, float[] bias, int features, JsonArray history, int bestEpoch,
                double bestValidationLoss) {

        public int classes() {
            return bias.length;
        }

        /** The fit as every training path records it: the kept epoch's validation accuracy from its history. */
        public FitResult fitResult() {
            double accuracy = history.stream().map(JsonObject.class::cast)
                .filter(epoch -> epoch.getInteger("epoch") == bestEpoch)
                .map(epoch -> epoch.getDouble("val_accuracy"))
                .filter(Objects::nonNull)
                .findFirst().orElse(Double.NaN);
            return new FitResult(history, bestEpoch, bestValidationLoss, accuracy, Map.of());
        }

        /** softmax(x W + b) per row. */
        public float[][] probabilities(float[][] vectors) {
            float[][] rows = new float[vectors.length][classes()];
            for (int n = 0; n < vectors.length; n++) {
                double[] logits = new double[classes()];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes(); k++) {
                    double z = bias[k];
                    for (int f = 0; f < features; f++) {
                        z += vectors[n][f] * weights[f * classes() + k];
                    }
                    logits[k] = z;
                    max = Math.max(max, z);
                }
                double sum = 0;
                for (int k = 0; k < classes(); k++) {
                    logits[k] = Math.exp(logits[k] - max);
                    sum += logits[k];
                }
                for (int k = 0; k < classes(); k++) {
                    rows[n][k] = (float) (logits[k] / sum);
                }
            }
            return rows;
        }
    }

    private HeadFit() {
    }

    /**
     * @param train      feature vectors and class indices to fit
     * @param validation the same for early stopping; may be empty (then every epoch runs and the last is kept)
     */
    public static Head fit(float[][] train, int[] trainTruth, float[][] validation, int[] validationTruth, int classes,
                    double learningRate, long seed, BooleanSupplier cancelled) {
        if (train.length == 0) {
            throw new IllegalArgumentException("No training features");
        }
        int features = train[0].length;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(new Adam(learningRate))
            .l2(L2)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(features).nOut(classes)
                .activation(Activation.SOFTMAX).build())
            .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        Random random = new Random(seed);
        int[] order = new int[train.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int batch = Math.max(MIN_BATCH, Math.min(MAX_BATCH, train.length / STEPS_PER_EPOCH));
        JsonArray history = new JsonArray();
        INDArray best = network.params().dup();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= MAX_EPOCHS && epoch - bestEpoch <= PATIENCE; epoch++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("training run cancelled");
            }
            shuffle(order, random);
            double lossSum = 0;
            for (int from = 0; from < order.length; from += batch) {
                int size = Math.min(batch, order.length - from);
                float[][] x = new float[size][];
                float[][] y = new float[size][classes];
                for (int i = 0; i < size; i++) {
                    x[i] = train[order[from + i]];
                    y[i][trainTruth[order[from + i]]] = 1;
                }
                network.fit(new DataSet(Nd4j.create(x), Nd4j.create(y)));
                lossSum += network.score() * size;
            }
            Validation scores = validate(network, validation.length == 0 ? train : validation,
                validation.length == 0 ? trainTruth : validationTruth);
            history.add(new JsonObject().put("epoch", epoch).put("train_loss", lossSum / train.length)
                .put("val_loss", scores.loss()).put("val_accuracy", scores.accuracy()));
            if (scores.loss() < bestLoss * (1 - MIN_IMPROVEMENT) || validation.length == 0) {
                bestLoss = scores.loss();
                bestEpoch = epoch;
                best = network.params().dup();
            }
        }
        network.setParams(best);
        INDArray w = network.getLayer(0).getParam("W");
        INDArray b = network.getLayer(0).getParam("b");
        return new Head(w.dup('c').data().asFloat(), b.dup('c').data().asFloat(), features, history, bestEpoch,
            bestLoss);
    }

    private record Validation(double loss, double accuracy) {
    }

    private static Validation validate(MultiLayerNetwork network, float[][] vectors, int[] truth) {
        float[][] probabilities = network.output(Nd4j.create(vectors), false).toFloatMatrix();
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < vectors.length; i++) {
            loss -= Math.log(Math.max(probabilities[i][truth[i]], MIN_PROBABILITY));
            correct += Scoring.argMax(probabilities[i]) == truth[i] ? 1 : 0;
        }
        return new Validation(loss / vectors.length, (double) correct / vectors.length);
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
