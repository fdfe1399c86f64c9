package org.trapstream.model;

import java.util.List;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelMetadata;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.serving.engine.InputBatch;

/** Networks small enough to build, save and load in milliseconds. */
public final class TinyNetworks {

    public static final int SIZE = 16;
    public static final List<String> LABELS = List.of("ant", "bee", "wasp");

    private TinyNetworks() {
    }

    public static MultiLayerNetwork seedCnn(long seed) {
        Backend.init();
        return new SeedCnn(1, 4, 3, false, 0, 8, 0).build(SIZE, LABELS.size(), 1e-3, seed);
    }

    /** A graph like the zoo's: convolution, global pooling, softmax. */
    public static ComputationGraph graph(long seed) {
        Backend.init();
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).graphBuilder()
            .addInputs("image")
            .setInputTypes(InputType.convolutional(SIZE, SIZE, 3))
            .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "image")
            .addLayer("pool", new GlobalPoolingLayer.Builder().build(), "conv")
            .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(LABELS.size())
                .activation(Activation.SOFTMAX).build(), "pool")
            .setOutputs("out")
            .build());
        graph.init();
        return graph;
    }

    /** A batch of n standard-normal images of side {@code size}, as the preprocessor would stack them. */
    public static InputBatch random(int n, int size) {
        return batch(Nd4j.rand(new long[] {n, 3, size, size}));
    }

    public static InputBatch zeros(int n, int size) {
        return batch(Nd4j.zeros(n, 3, size, size));
    }

    public static InputBatch batch(INDArray array) {
        return new InputBatch(array.dup('c').data().asFloat(), array.shape());
    }

    public static ModelMetadata draft(List<String> labels, int inputSize) {
        return ModelMetadata.draft(new JsonObject().put("name", "tiny"), labels, inputSize,
            List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25));
    }
}
