package org.trapstream.model.train;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.model.TinyNetworks;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.ImageBatchIterator;
import org.trapstream.serving.Preprocessor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassWeightingTest {

    private static final List<String> LABELS = TinyNetworks.LABELS;

    @Test
    void balancedWeighsEachClassByItsInverseFrequency() {
        List<DecodedImage> images = SyntheticImages.of(SyntheticImages.counts(30, 10, 0), LABELS, 8, 1);

        double[] weights = ClassWeighting.BALANCED.weights(LABELS, images).orElseThrow();

        // 40 images of 2 present classes: 40 / (2 x 30) and 40 / (2 x 10); wasp has none and keeps 1.
        assertArrayEquals(new double[] {40 / 60.0, 2.0, 1.0}, weights, 1e-12);
        assertTrue(ClassWeighting.NONE.weights(LABELS, images).isEmpty());
    }

    @Test
    void weightsTheLossOfAMultiLayerNetwork() {
        assertWeightedLossScales(TinyNetworks.seedCnn(2));
    }

    @Test
    void weightsTheLossOfAComputationGraph() {
        assertWeightedLossScales(TinyNetworks.graph(3));
    }

    /** With every image a bee, a bee weight of 2 exactly doubles the loss. */
    private static void assertWeightedLossScales(Model network) {
        List<DecodedImage> bees = SyntheticImages.of(SyntheticImages.counts(0, 6, 0), LABELS, TinyNetworks.SIZE, 4);
        List<DecodedImage> unbalanced = SyntheticImages.of(SyntheticImages.counts(10, 5, 5), LABELS, TinyNetworks.SIZE, 5);
        Preprocessor preprocessor = SyntheticImages.preprocessor(bees, TinyNetworks.SIZE);
        DataSet batch = ImageBatchIterator.inOrder(bees, LABELS, bees.size(), preprocessor).next();
        double unweighted = score(network, batch);

        Map<String, Double> applied = ClassWeighting.BALANCED.applyTo(network, LABELS, unbalanced);

        assertEquals(20.0 / (3 * 5), applied.get("bee"), 1e-12);
        assertEquals(applied.get("bee") * unweighted, score(network, batch), 1e-4 * unweighted);
    }

    private static double score(Model network, DataSet batch) {
        Nd4j.getRandom().setSeed(1);
        return network instanceof MultiLayerNetwork mln ? mln.score(batch) : ((ComputationGraph) network).score(batch);
    }
}
