package org.trapstream.model;

import java.util.function.Consumer;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ISchedule;
import org.trapstream.serving.engine.Dl4jNetworks;

/**
 * The training operations Trapstream needs from either kind of DL4J network: a {@link MultiLayerNetwork} (the
 * seed CNN) or a single-input, single-output {@link ComputationGraph} (zoo architectures). DL4J gives both the
 * same methods without a common interface for them; these helpers dispatch once, here. Restoring, copying and
 * inference are the serving core's ({@link Dl4jNetworks}).
 */
public final class Networks {

    private Networks() {
    }

    /** One optimisation step on one mini-batch; returns the batch's mean loss. */
    public static double fit(Model network, DataSet batch) {
        run(network, stack -> stack.fit(batch), graph -> graph.fit(batch));
        return network.score();
    }

    /** Optimisation steps taken so far: the iteration DL4J hands to a learning-rate schedule. */
    public static int iterationCount(Model network) {
        return apply(network, MultiLayerNetwork::getIterationCount, ComputationGraph::getIterationCount);
    }

    /** Counts a finished epoch (DL4J only counts them itself when it iterates the data). */
    public static void incrementEpochCount(Model network) {
        run(network, MultiLayerNetwork::incrementEpochCount, ComputationGraph::incrementEpochCount);
    }

    /**
     * Puts every trainable layer's updater on {@code schedule}; frozen layers (no learning rate) are left alone.
     * Call before the first step: DL4J rebuilds the updater.
     */
    public static void setLearningRate(Model network, ISchedule schedule) {
        run(network, stack -> stack.setLearningRate(schedule), graph -> graph.setLearningRate(schedule));
    }

    /**
     * The learning rate the next step will use (its schedule's value now), read from the first layer that trains
     * with one; NaN when no layer does (e.g. all frozen).
     */
    public static double learningRate(Model network) {
        if (network instanceof MultiLayerNetwork mln) {
            for (int i = 0; i < mln.getnLayers(); i++) {
                Double rate = mln.getLayer(i).conf().getLayer() instanceof BaseLayer ? mln.getLearningRate(i) : null;
                if (rate != null) {
                    return rate;
                }
            }
            return Double.NaN;
        }
        if (network instanceof ComputationGraph graph) {
            for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
                Layer conf = layer.conf().getLayer();
                Double rate = conf instanceof BaseLayer ? graph.getLearningRate(conf.getLayerName()) : null;
                if (rate != null) {
                    return rate;
                }
            }
            return Double.NaN;
        }
        throw Dl4jNetworks.unsupported(network);
    }

    /**
     * Weights each class's term of the output layer's cross-entropy ({@code weights[i]} for output {@code i}).
     * The loss lives in the layer's configuration, which the running layer reads at every step, so this works on
     * a built, even partly trained, network.
     *
     * @throws IllegalArgumentException when the output layer's loss is not a softmax cross-entropy
     */
    public static void weightClasses(Model network, double[] weights) {
        Layer output = outputLayerConf(network);
        ILossFunction loss = output instanceof BaseOutputLayer out ? out.getLossFn()
            : output instanceof LossLayer lossLayer ? lossLayer.getLossFn() : null;
        if (!(loss instanceof LossMCXENT mcxent)) {
            throw new IllegalArgumentException("Class weights need a cross-entropy output layer, not "
                + (loss == null ? output.getClass().getSimpleName() : loss));
        }
        // The layer's own activations are float; a row vector of the same type multiplies the per-class terms.
        INDArray row = Nd4j.create(new double[][] {weights}).castTo(DataType.FLOAT);
        LossMCXENT weighted = new LossMCXENT(mcxent.getSoftmaxClipEps(), row);
        if (output instanceof BaseOutputLayer out) {
            out.setLossFn(weighted);
        } else {
            ((LossLayer) output).setLossFn(weighted);
        }
    }

    /** The configuration of the layer that computes the loss: the last layer, or the graph's only output. */
    private static Layer outputLayerConf(Model network) {
        return apply(network, stack -> stack.getLayer(stack.getnLayers() - 1).conf().getLayer(),
            graph -> graph.getLayer(graph.getConfiguration().getNetworkOutputs().get(0)).conf().getLayer());
    }

    /** The one dispatch on the network's kind. */
    private static <T> T apply(Model network, Function<MultiLayerNetwork, T> stack,
                               Function<ComputationGraph, T> graph) {
        if (network instanceof MultiLayerNetwork mln) {
            return stack.apply(mln);
        }
        if (network instanceof ComputationGraph computationGraph) {
            return graph.apply(computationGraph);
        }
        throw Dl4jNetworks.unsupported(network);
    }

    private static void run(Model network, Consumer<MultiLayerNetwork> stack, Consumer<ComputationGraph> graph) {
        apply(network, mln -> {
            stack.accept(mln);
            return null;
        }, computationGraph -> {
            graph.accept(computationGraph);
            return null;
        });
    }
}
