package org.trapstream.trainer.export;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.CaptureEvent;
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
        Prediction prediction = prediction("id", "v0001", NOW);
        LabelRecord human = new LabelRecord("id", "empty", "ana", NOW.plusSeconds(60), "feedback", "cam");

        Observation observation = Observation.of(prediction, human, "empty");

        assertEquals(new Observation(Observation.BLANK, "empty", "human", "ana", NOW.plusSeconds(60), null), observation);
    }

    @Test
    void anEventTheModelClassifiedNamesEveryModelVersionOfItsFrames() {
        CaptureEvent event = event("leopard_cat", 0.7);

        Observation observation = Observation.of(event, List.of(prediction("a", "v0002", NOW.plusSeconds(9)),
            prediction("b", "v0001", NOW.plusSeconds(5))), List.of(), "empty");

        assertEquals(new Observation(Observation.ANIMAL, "leopard_cat", "machine", "Trapstream model v0001, v0002",
            NOW.plusSeconds(9), 0.7), observation);
    }

    @Test
    void theLabelMostPeopleGaveTheEventsFramesWinsOverTheModel() {
        List<LabelRecord> humans = List.of(
            new LabelRecord("a", "empty", "ana", NOW.plusSeconds(60), "feedback", "cam"),
            new LabelRecord("b", "moonrat", "ben", NOW.plusSeconds(120), "feedback", "cam"),
            new LabelRecord("c", "empty", "cho", NOW.plusSeconds(90), "feedback", "cam"));

        Observation observation = Observation.of(event("leopard_cat", 0.7),
            List.of(prediction("a", "v0001", NOW)), humans, "empty");

        assertEquals(new Observation(Observation.BLANK, "empty", "human", "ana, cho", NOW.plusSeconds(90), null),
            observation);
    }

    @Test
    void whenAsManyPeopleDisagreeTheLabelGivenLastWins() {
        List<LabelRecord> humans = List.of(
            new LabelRecord("a", "moonrat", "ana", NOW.plusSeconds(120), "feedback", "cam"),
            new LabelRecord("b", "leopard_cat", "ben", NOW.plusSeconds(60), "feedback", "cam"));

        Observation observation = Observation.of(event("leopard_cat", 0.7), List.of(), humans, "empty");

        assertEquals(new Observation(Observation.ANIMAL, "moonrat", "human", "ana", NOW.plusSeconds(120), null),
            observation);
    }

    private static CaptureEvent event(String label, double confidence) {
        List<CaptureEvent.Frame> frames =
            List.of(new CaptureEvent.Frame("a", NOW), new CaptureEvent.Frame("b", NOW.plusSeconds(2)));
        return new CaptureEvent(CaptureEvent.idOf("cam", "a"), "cam", frames, label, confidence,
            List.of(new Prediction.LabelScore(label, confidence)), null, CaptureEvent.ClosedBy.WATERMARK);
    }

    private static Prediction prediction(String imageId, String modelVersion, Instant classifiedAt) {
        return new Prediction(imageId, "cam", NOW, modelVersion, "leopard_cat", 0.9,
            List.of(new Prediction.LabelScore("leopard_cat", 0.9)), Double.NaN, false, false, Prediction.Review.none(),
            new Prediction.Timings(0, 0, 0, 0), classifiedAt);
    }
}
