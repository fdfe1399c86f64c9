package org.trapstream.trainer.training;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.serving.Backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadTransferTest {

    private static final int SIZE = 16;
    private static final SeedCnn SMALL = new SeedCnn(2, 4, 3, true, 0.25, 8, 1e-4);

    @BeforeAll
    static void backend() {
        Backend.init();
    }

    private static INDArray images(int n) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(new int[] {n, 3, SIZE, SIZE});
    }

    @Test
    void aNewLabelGrowsTheOutputAndKeepsWhatTheOldClassesLearned() {
        MultiLayerNetwork parent = SMALL.build(SIZE, 2, 1e-3, 1);
        // "boar" sorts before both old labels and "cat" between them: every old index moves.
        List<String> parentLabels = List.of("bee", "deer");
        List<String> labels = List.of("bee", "boar", "cat", "deer");

        MultiLayerNetwork child = HeadTransfer.forLabels(parent, parentLabels, labels, 1e-3, 1);

        INDArray x = images(4);
        INDArray before = parent.output(x, false);
        INDArray after = child.output(x, false);
        assertEquals(4, after.columns());
        for (int row = 0; row < 4; row++) {
            // Same features, same old weights: the odds between the old classes are unchanged.
            double oddsBefore = before.getDouble(row, 0) / before.getDouble(row, 1);
            double oddsAfter = after.getDouble(row, 0) / after.getDouble(row, 3);
            assertEquals(oddsBefore, oddsAfter, 1e-3 * oddsBefore, "row " + row);
        }
    }

    @Test
    void trainingMovesOnlyTheHead() {
        MultiLayerNetwork parent = SMALL.build(SIZE, 2, 1e-3, 1);
        MultiLayerNetwork child = HeadTransfer.forLabels(parent, List.of("a", "b"), List.of("a", "b", "c"), 1e-2, 1);
        INDArray firstConvolution = child.getLayer(0).params().dup();
        INDArray output = child.getLayer(child.getnLayers() - 1).params().dup();

        INDArray labels = Nd4j.zeros(8, 3);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 3, 1);
        }
        for (int step = 0; step < 3; step++) {
            child.fit(new DataSet(images(8), labels));
        }

        assertEquals(firstConvolution, child.getLayer(0).params(), "frozen features do not move");
        assertTrue(!output.equals(child.getLayer(child.getnLayers() - 1).params()), "the head learns");
    }

    @Test
    void anUnfrozenCandidateSavesRestoresAndTransfersAgain(@TempDir Path dir) throws Exception {
        MultiLayerNetwork first = HeadTransfer.forLabels(SMALL.build(SIZE, 2, 1e-3, 1), List.of("a", "b"),
            List.of("a", "b", "c"), 1e-3, 1);
        MultiLayerNetwork saved = HeadTransfer.unfrozen(first);
        INDArray x = images(2);
        assertEquals(first.output(x, false), saved.output(x, false));

        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(saved, file, false);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, false);
        MultiLayerNetwork second = HeadTransfer.forLabels(restored, List.of("a", "b", "c"), List.of("a", "b", "c", "d"),
            1e-3, 1);
        assertEquals(4, second.output(x, false).columns());
    }

    @Test
    void refusesToDropALabel() {
        MultiLayerNetwork parent = SMALL.build(SIZE, 2, 1e-3, 1);
        assertThrows(IllegalArgumentException.class,
            () -> HeadTransfer.forLabels(parent, List.of("a", "b"), List.of("a", "c"), 1e-3, 1));
    }
}
