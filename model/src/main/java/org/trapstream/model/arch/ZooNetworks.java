package org.trapstream.model.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trapstream.serving.engine.Dl4jNetworks;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J zoo architectures as Trapstream networks: built from random weights with {@link ZooModel#init()} (the
 * zoo's {@code initPretrained()} downloads, which Trapstream never does), or restored from a model file an
 * operator provides, with the classifier replaced for the run's labels.
 *
 * <p>All are trained with Adam, like the seed CNN, so the learning-rate options mean the same for every
 * architecture. ResNet50 starts from He (ReLU) initialisation instead of the zoo's truncated normal: with the
 * latter, an untrained ResNet50 answers NaN in inference mode, and the registry refuses such a model.
 */
final class ZooNetworks {

    private ZooNetworks() {
    }

    static BuiltNetwork randomInit(Architecture architecture, int inputSize, int classes, double learningRate,
                                   long seed) {
        int[] shape = {3, inputSize, inputSize};
        Adam updater = new Adam(learningRate);
        ZooModel<?> zoo = switch (architecture) {
            case SQUEEZENET -> SqueezeNet.builder().numClasses(classes).inputShape(shape).seed(seed)
                .updater(updater).build();
            case RESNET50 -> ResNet50.builder().numClasses(classes).inputShape(shape).seed(seed)
                .updater(updater).weightInit(new WeightInitRelu()).build();
            case VGG16 -> VGG16.builder().numClasses(classes).inputShape(shape).seed(seed).updater(updater).build();
            case SEED_CNN -> throw new IllegalArgumentException("The seed CNN is not a zoo network");
        };
        ComputationGraph graph = zoo.init();
        return new BuiltNetwork(graph, describe(architecture, graph).put("init", "random deeplearning4j-zoo"));
    }

    /**
     * Restores {@code file} (a graph, or a multi-layer network converted to one), replaces the classifier — the
     * last layer with parameters on the way back from the output, e.g. SqueezeNet's {@code conv10} — by one with
     * {@code classes} outputs and, with {@code freeze}, freezes every layer before it.
     *
     * @throws IllegalArgumentException when the file cannot be read or its network does not accept the input size
     */
    static BuiltNetwork fromWeights(Path file, Architecture architecture, int inputSize, int classes, boolean freeze,
                                    double learningRate, long seed) {
        ComputationGraph restored = restoreGraph(file);
        String classifier = classifierOf(restored);
        List<String> classifierInputs = restored.getConfiguration().getVertexInputs().get(classifier);
        TransferLearning.GraphBuilder transfer = new TransferLearning.GraphBuilder(restored)
            .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(learningRate)).seed(seed).build())
            .nOutReplace(classifier, classes, WeightInit.XAVIER);
        if (freeze) {
            transfer.setFeatureExtractor(classifierInputs.toArray(String[]::new));
        }
        ComputationGraph graph = transfer.build();
        checkAccepts(graph, inputSize, file);
        return new BuiltNetwork(graph, describe(architecture, graph)
            .put("init", "weights")
            .put("weights_file", file.toAbsolutePath().toString())
            .put("classifier", classifier)
            .put("frozen_up_to", freeze ? String.join(",", classifierInputs) : null));
    }

    private static ComputationGraph restoreGraph(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No weights file " + file);
        }
        Model model;
        try {
            model = Dl4jNetworks.restore(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the weights file " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a DL4J model file: " + file + ": " + e.getMessage(), e);
        }
        if (model instanceof MultiLayerNetwork mln) {
            return mln.toComputationGraph();
        }
        ComputationGraph graph = (ComputationGraph) model;
        if (graph.getConfiguration().getNetworkOutputs().size() != 1 || graph.getNumInputArrays() != 1) {
            throw new IllegalArgumentException(file + " holds a network with several inputs or outputs");
        }
        return graph;
    }

    /**
     * The vertex whose output count is the number of classes: walking back from the output through vertices
     * without parameters (loss, softmax, global pooling), the first layer with parameters.
     */
    private static String classifierOf(ComputationGraph graph) {
        String name = graph.getConfiguration().getNetworkOutputs().get(0);
        while (true) {
            GraphVertex vertex = graph.getVertex(name);
            if (vertex.hasLayer() && vertex.getLayer().numParams() > 0) {
                return name;
            }
            List<String> inputs = graph.getConfiguration().getVertexInputs().get(name);
            if (inputs == null || inputs.size() != 1) {
                throw new IllegalArgumentException("Cannot find the classifier layer before " + name);
            }
            name = inputs.get(0);
        }
    }

    /** A graph built for another input size fails at its first dense layer: say so before training starts. */
    private static void checkAccepts(ComputationGraph graph, int inputSize, Path file) {
        try {
            graph.outputSingle(false, Nd4j.zeros(1, 3, inputSize, inputSize));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The network in " + file + " does not accept " + inputSize + "x"
                + inputSize + " inputs (trainer.image.size); use the size it was trained at: " + e.getMessage(), e);
        }
    }

    private static JsonObject describe(Architecture architecture, ComputationGraph graph) {
        return new JsonObject()
            .put("name", architecture.code())
            .put("parameters", graph.numParams())
            .put("updater", "adam");
    }
}
