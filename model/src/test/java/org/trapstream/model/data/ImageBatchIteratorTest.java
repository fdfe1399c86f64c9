package org.trapstream.model.data;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.trapstream.serving.Backend;
import org.trapstream.serving.Preprocessor;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageBatchIteratorTest {

    private static final List<String> LABELS = List.of("blue", "red");
    private final Preprocessor preprocessor = new Preprocessor(16, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));

    @Test
    void yieldsNormalisedBatchesWithOneHotLabelsInOrder() {
        Backend.init();
        List<DecodedImage> images = List.of(red(), blue(), red());
        ImageBatchIterator batches = ImageBatchIterator.inOrder(images, LABELS, 2, preprocessor);

        DataSet first = batches.next();
        DataSet second = batches.next();

        assertFalse(batches.hasNext());
        assertArrayEquals(new long[] {2, 3, 16, 16}, first.getFeatures().shape());
        assertArrayEquals(new float[] {0, 1}, first.getLabels().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 0}, first.getLabels().getRow(1).toFloatVector());
        assertEquals(1f, first.getFeatures().getFloat(0, 0, 3, 3), 1e-6);   // red: (1 - 0.5) / 0.5
        assertEquals(1, second.numExamples());
    }

    @Test
    void aTrainingIteratorReshufflesEachEpoch() {
        Backend.init();
        List<DecodedImage> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(i % 2 == 0 ? red() : blue());
        }
        ImageBatchIterator batches = ImageBatchIterator.training(images, LABELS, 20, preprocessor, null,
            Sampling.SHUFFLE, 1);

        float[] epochOne = batches.next().getLabels().getColumn(0).toFloatVector();
        batches.reset();
        float[] epochTwo = batches.next().getLabels().getColumn(0).toFloatVector();

        assertNotEquals(Arrays.toString(epochOne), Arrays.toString(epochTwo));
    }

    @Test
    void aBalancedAugmentedEpochKeepsEachImageWithItsLabel() {
        Backend.init();
        List<DecodedImage> images = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            images.add(i < 24 ? red() : blue());
        }
        Augmentation cropAndFlip = Augmentation.NONE.with(new ResizedCrop(0.2, 1, 0.5, 2), null, 0);
        ImageBatchIterator batches = ImageBatchIterator.training(images, LABELS, 10, preprocessor, cropAndFlip,
            Sampling.BALANCED, 4);

        int blueRows = 0;
        int rows = 0;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            assertArrayEquals(new long[] {batch.numExamples(), 3, 16, 16}, batch.getFeatures().shape());
            for (int row = 0; row < batch.numExamples(); row++) {
                boolean redPixels = batch.getFeatures().getFloat(row, 0, 8, 8) > 0;   // red channel up
                boolean redLabel = batch.getLabels().getFloat(row, 1) == 1f;
                assertEquals(redPixels, redLabel, "row " + row + " lost its label");
                blueRows += redLabel ? 0 : 1;
                rows++;
            }
        }
        assertEquals(30, rows);
        assertEquals(15, blueRows, "6 blue images of 30 still fill half the balanced epoch");
    }

    @Test
    void refusesImagesWithALabelOutsideTheList() {
        assertThrows(IllegalArgumentException.class, () -> ImageBatchIterator.inOrder(
            List.of(new DecodedImage(TestImages.halves(16, 16, Color.GREEN, Color.GREEN), "green")),
            LABELS, 2, preprocessor));
    }

    private static DecodedImage red() {
        return new DecodedImage(TestImages.halves(16, 16, Color.RED, Color.RED), "red");
    }

    private static DecodedImage blue() {
        return new DecodedImage(TestImages.halves(16, 16, Color.BLUE, Color.BLUE), "blue");
    }
}
