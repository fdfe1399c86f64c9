package org.trapstream.model.arch;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The seed tutorials' CNN from scratch: blocks of [3x3 convolution ("same" padding), optional batch norm,
 * ReLU, 2x2 max pooling] with the filter count doubling per block, then dropout, a ReLU dense layer, dropout
 * and a softmax output, trained with Adam and L2 weight decay.
 *
 * @param convBlocks  convolution blocks; each halves the side, so the input side must divide by 2^blocks
 * @param baseFilters filters of the first block (16 -> 16, 32, 64 for three blocks)
 * @param dropout     fraction of activations dropped (the Keras meaning; DL4J's own parameter is the
 *                    fraction retained)
 */
public record SeedCnn(int convBlocks, int baseFilters, int kernel, boolean batchNorm, double dropout,
                      int denseSize, double l2) {

    /** Small enough to train in a minute or two per epoch on two cores at 64x64. */
    public static final SeedCnn DEFAULT = new SeedCnn(3, 16, 3, true, 0.25, 64, 1e-4);

    public SeedCnn {
        if (convBlocks < 1 || baseFilters < 1 || kernel < 1 || denseSize < 1 || dropout < 0 || dropout >= 1 || l2 < 0) {
            throw new IllegalArgumentException("Invalid seed CNN: " + this);
        }
    }

    /** A new, initialised network for {@code inputSize}x{@code inputSize} RGB images; same seed, same weights. */
    public MultiLayerNetwork build(int inputSize, int classes, double learningRate, long seed) {
        if (inputSize % (1 << convBlocks) != 0) {
            throw new IllegalArgumentException("Input side " + inputSize + " must divide by 2^" + convBlocks);
        }
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(new Adam(learningRate))
            .l2(l2)
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .list();
        for (int block = 0; block < convBlocks; block++) {
            int filters = baseFilters << block;
            layers.layer(new ConvolutionLayer.Builder(kernel, kernel).nOut(filters)
                .activation(batchNorm ? Activation.IDENTITY : Activation.RELU).build());
            if (batchNorm) {
                layers.layer(new BatchNormalization.Builder().activation(Activation.RELU).build());
            }
            layers.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        MultiLayerConfiguration configuration = layers
            .layer(new DropoutLayer.Builder(1 - dropout).build())
            .layer(new DenseLayer.Builder().nOut(denseSize).activation(Activation.RELU).build())
            .layer(new DropoutLayer.Builder(1 - dropout).build())
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build())
            .setInputType(InputType.convolutional(inputSize, inputSize, 3))
            .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    /** The hyperparameters, for the model's metadata. */
    public JsonObject toJson() {
        return new JsonObject()
            .put("name", "seed_cnn")
            .put("conv_blocks", convBlocks)
            .put("base_filters", baseFilters)
            .put("kernel", kernel)
            .put("batch_norm", batchNorm)
            .put("pooling", "max 2x2")
            .put("dropout", dropout)
            .put("dense", denseSize)
            .put("l2", l2)
            .put("updater", "adam");
    }
}
