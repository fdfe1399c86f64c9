package org.trapstream.model;

import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.Dl4jNetworks;
import org.trapstream.serving.engine.InputBatch;
import org.trapstream.serving.engine.Network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Dl4jEngineTest {

    /** Growing, shrinking and growing again: the reused input array must never leak one batch into the next. */
    private static final List<Integer> BATCH_SIZES = List.of(4, 2, 6, 1, 6, 3);

    @Test
    void aMultiLayerNetworkReusingItsInputScoresEachBatchAsAFreshArrayWould() {
        assertEveryBatchScoresAsAFreshArrayWould(TinyNetworks.seedCnn(21));
    }

    @Test
    void aGraphReusingItsInputScoresEachBatchAsAFreshArrayWould() {
        assertEveryBatchScoresAsAFreshArrayWould(TinyNetworks.graph(22));
    }

    @Test
    void aCopyRunsOnAfterTheNetworkItCameFromIsClosed() {
        Network network = Dl4jEngine.network(TinyNetworks.seedCnn(23));
        InputBatch batch = TinyNetworks.random(3, TinyNetworks.SIZE);
        float[][] expected = network.run(batch);

        Network copy = network.copy();
        network.close();

        assertRowsEqual(expected, copy.run(batch));
    }

    @Test
    void theFeaturesOfAMultiLayerNetworkAreWhatItsOutputLayerTurnsIntoItsOutput() {
        MultiLayerNetwork model = TinyNetworks.seedCnn(24);
        assertFeaturesFeedTheOutputLayer(model, model.getOutputLayer());
    }

    @Test
    void theFeaturesOfAGraphAreWhatItsOutputLayerTurnsIntoItsOutput() {
        ComputationGraph model = TinyNetworks.graph(25);
        assertFeaturesFeedTheOutputLayer(model, model.getOutputLayer(0));
    }

    /** softmax(features W + b) of the output layer's weights is the network's output, from the same pass. */
    private static void assertFeaturesFeedTheOutputLayer(Model model, Layer outputLayer) {
        Network network = Dl4jEngine.network(model);
        InputBatch batch = TinyNetworks.random(5, TinyNetworks.SIZE);

        Network.Outputs outputs = network.runWithFeatures(batch);

        assertRowsEqual(network.run(batch), outputs.scores());
        INDArray weights = outputLayer.getParam("W");
        assertEquals(weights.rows(), outputs.features()[0].length, "one feature per input of the output layer");
        INDArray logits = Nd4j.create(outputs.features()).mmul(weights).addRowVector(outputLayer.getParam("b"));
        assertRowsEqual(outputs.scores(), Transforms.softmax(logits).toFloatMatrix());
        network.close();
    }

    private static void assertEveryBatchScoresAsAFreshArrayWould(Model model) {
        Network network = Dl4jEngine.network(model);
        for (int size : BATCH_SIZES) {
            InputBatch batch = TinyNetworks.random(size, TinyNetworks.SIZE);

            float[][] reused = network.run(batch);

            assertEquals(size, reused.length);
            assertRowsEqual(Dl4jNetworks.output(model, Dl4jEngine.array(batch)).toFloatMatrix(), reused);
        }
        network.close();
    }

    private static void assertRowsEqual(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int row = 0; row < expected.length; row++) {
            assertArrayEquals(expected[row], actual[row], 1e-6f);
        }
    }
}
