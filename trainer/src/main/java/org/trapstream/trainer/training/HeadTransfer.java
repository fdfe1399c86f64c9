package org.trapstream.trainer.training;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Reuses a trained network's features for a new label list: the convolutional part (every layer up to the
 * last convolution, batch norm or pooling layer) is frozen, the dense head stays trainable, and the output
 * layer is resized to the new labels. Output weights of classes the parent already knew are carried over to
 * their new positions, so a model that learns one new class starts out still recognising the old ones.
 *
 * <p>Labels are sorted, so a new label can shift the index of every label after it: weights are moved by
 * label name, never by index. Frozen layers are unwrapped again before a network is saved ({@link #unfrozen}),
 * so every model in the registry is a plain network that serves and transfers alike.
 */
public final class HeadTransfer {

    private static final String WEIGHTS = "W";
    private static final String BIAS = "b";

    /**
     * @param parentLabels the parent's output order
     * @param labels       the new output order; must contain every parent label
     */
    public static MultiLayerNetwork forLabels(MultiLayerNetwork parent, List<String> parentLabels, List<String> labels,
                                              double learningRate, long seed) {
        if (!labels.containsAll(parentLabels)) {
            throw new IllegalArgumentException("A head transfer can add labels, not drop them: " + parentLabels
                + " -> " + labels);
        }
        int output = parent.getnLayers() - 1;
        INDArray oldWeights = parent.getLayer(output).getParam(WEIGHTS).dup();
        INDArray oldBias = parent.getLayer(output).getParam(BIAS).dup();
        MultiLayerNetwork child = new TransferLearning.Builder(parent)
            .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(learningRate)).seed(seed).build())
            .setFeatureExtractor(lastFeatureLayer(parent))
            .nOutReplace(output, labels.size(), WeightInit.XAVIER)
            .build();
        // W is [features, classes] and b is [classes]: one column and one entry per class.
        INDArray weights = child.getLayer(output).getParam(WEIGHTS);
        INDArray bias = child.getLayer(output).getParam(BIAS);
        for (int from = 0; from < parentLabels.size(); from++) {
            int to = labels.indexOf(parentLabels.get(from));
            weights.getColumn(to).assign(oldWeights.getColumn(from));
            bias.putScalar(to, oldBias.getDouble(from));
        }
        return child;
    }

    /** Whether the network has a convolutional feature part to freeze. */
    public static boolean applies(MultiLayerNetwork network) {
        return lastFeatureLayer(network) >= 0 && lastFeatureLayer(network) < network.getnLayers() - 1;
    }

    /** The same weights in a network without frozen wrappers (DL4J cannot freeze an already frozen layer). */
    public static MultiLayerNetwork unfrozen(MultiLayerNetwork trained) {
        MultiLayerConfiguration configuration = trained.getLayerWiseConfigurations().clone();
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            if (configuration.getConf(i).getLayer() instanceof FrozenLayer frozen) {
                configuration.getConf(i).setLayer(frozen.getLayer());
            }
        }
        MultiLayerNetwork plain = new MultiLayerNetwork(configuration);
        plain.init(trained.params().dup(), false);
        return plain;
    }

    private static int lastFeatureLayer(MultiLayerNetwork network) {
        int last = -1;
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
            if (layer instanceof FrozenLayer frozen) {
                layer = frozen.getLayer();
            }
            if (layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer
                || layer instanceof BatchNormalization) {
                last = i;
            }
        }
        return last;
    }

    private HeadTransfer() {
    }
}
