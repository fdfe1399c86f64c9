package org.trapstream.trainer.export;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;
import org.trapstream.trainer.labels.LabelRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ObservationTest {

    private static final Instant NOW = Instant.parse("2024-05-01T06:00:00Z");

    @Test
    void anImageNoModelHasClassifiedYetIsUnclassified() {
        Observation observation = Observation.of(Prediction.awaitingModel("id", "cam", NOW, NOW), null, "empty");

        assertEquals(new Observation(Observation.UNCLASSIFIED, null, null, null, null, null), observation);
    }

    @Test
    void aPersonsBlankLabelBeatsTheModelsAnimal() {
        Prediction prediction = new Prediction("id", "cam", NOW, "v0001", "leopard_cat", 0.9,
            List.of(new Prediction.LabelScore("leopard_cat", 0.9)), Double.NaN, false, false, Prediction.Review.none(),
            new Prediction.Timings(0, 0, 0, 0), NOW);
        LabelRecord human = new LabelRecord("id", "empty", "ana", NOW.plusSeconds(60), "feedback", "cam");

        Observation observation = Observation.of(prediction, human, "empty");

        assertEquals(new Observation(Observation.BLANK, "empty", "human", "ana", NOW.plusSeconds(60), null), observation);
    }
}
