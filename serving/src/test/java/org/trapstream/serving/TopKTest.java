package org.trapstream.serving;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction.LabelScore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopKTest {

    private static final List<String> LABELS = List.of("ant", "bee", "cat", "dog");

    @Test
    void listsTheMostProbableLabelsFirst() {
        List<LabelScore> top = TopK.of(new float[] {0.1f, 0.5f, 0.15f, 0.25f}, LABELS, 3);

        assertEquals(List.of("bee", "dog", "cat"), top.stream().map(LabelScore::label).toList());
        assertEquals(0.5, top.get(0).confidence(), 1e-6);
    }

    @Test
    void neverListsMoreLabelsThanExist() {
        assertEquals(4, TopK.of(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, LABELS, 10).size());
    }

    @Test
    void refusesProbabilitiesThatDoNotMatchTheLabels() {
        assertThrows(IllegalArgumentException.class, () -> TopK.of(new float[] {1f}, LABELS, 1));
    }
}
