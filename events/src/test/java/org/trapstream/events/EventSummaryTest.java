package org.trapstream.events;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Prediction.LabelScore;
import org.trapstream.events.SequenceGrouper.Frame;
import org.trapstream.events.SequenceGrouper.Sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EventSummaryTest {

    private static final Instant T0 = Instant.parse("2024-06-01T04:00:00Z");

    private static Prediction frame(String id, LabelScore... topK) {
        return new Prediction(id, "cam", T0, "v1", topK[0].label(), topK[0].confidence(), List.of(topK), Double.NaN,
            false, false, Prediction.Review.none(), new Prediction.Timings(0, 0, 0, 0), T0);
    }

    private static CaptureEvent summary(Prediction... frames) {
        return EventSummary.of(new Sequence<>("cam", List.of(frames).stream()
            .map(p -> new Frame<>(p.imageId(), p.capturedAt(), p)).toList(), CaptureEvent.ClosedBy.IDLE));
    }

    @Test
    void oneClearFrameOutweighsTwoUnsureOnesWhereAMajorityVoteWouldNot() {
        CaptureEvent event = summary(
            frame("a", new LabelScore("fox", 0.98), new LabelScore("cat", 0.02)),
            frame("b", new LabelScore("cat", 0.55), new LabelScore("fox", 0.45)),
            frame("c", new LabelScore("cat", 0.55), new LabelScore("fox", 0.45)));
        assertEquals("fox", event.label());
        assertEquals((0.98 + 0.45 + 0.45) / 3, event.confidence(), 1e-12);
        assertEquals(List.of("fox", "cat"), event.topK().stream().map(LabelScore::label).toList());
        assertNull(event.count());
    }

    @Test
    void aLabelMissingFromAFramesTopKCountsZeroThereAndTheEventKeepsTheFramesTopKSize() {
        CaptureEvent event = summary(
            frame("a", new LabelScore("fox", 0.6), new LabelScore("cat", 0.3)),
            frame("b", new LabelScore("fox", 0.5), new LabelScore("owl", 0.4)));
        assertEquals(List.of("fox", "owl"), event.topK().stream().map(LabelScore::label).toList());
        assertEquals(0.55, event.topK().get(0).confidence(), 1e-12);
        assertEquals(0.2, event.topK().get(1).confidence(), 1e-12);
        assertEquals(CaptureEvent.idOf("cam", "a"), event.eventId());
    }
}
