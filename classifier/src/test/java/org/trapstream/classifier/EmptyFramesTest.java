package org.trapstream.classifier;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.trapstream.common.config.TrapstreamConfig;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmptyFramesTest {

    private static final List<String> LABELS = List.of("leopard_cat", "empty", "moonrat", "blank");
    private final EmptyFrames frames = new EmptyFrames(Set.of("empty", "blank"), 0.8);

    @Test
    void aFrameIsEmptyWhenItsEmptyClassesTogetherReachTheThreshold() {
        assertTrue(frames.isEmpty(new float[] {0.05f, 0.9f, 0.03f, 0.02f}, LABELS));
        assertTrue(frames.isEmpty(new float[] {0.1f, 0.45f, 0.05f, 0.4f}, LABELS),
            "0.45 + 0.4: sure there is no animal, though split over two empty classes");
    }

    @Test
    void anAnimalOrAnUnsureFrameIsNotEmpty() {
        assertFalse(frames.isEmpty(new float[] {0.9f, 0.05f, 0.03f, 0.02f}, LABELS));
        assertFalse(frames.isEmpty(new float[] {0.25f, 0.7f, 0.05f, 0f}, LABELS), "0.7 is below 0.8");
    }

    @Test
    void aModelWithoutAnEmptyClassMarksNothing() {
        EmptyFrames anything = new EmptyFrames(Set.of("empty"), 0.0);
        assertFalse(anything.isEmpty(new float[] {0.5f, 0.5f}, List.of("leopard_cat", "moonrat")));
    }

    @Test
    void readsItsLabelsAndThresholdFromTheConfiguration() {
        TrapstreamConfig config = TrapstreamConfig.of(ClassifierConfig.DEFINITION, Map.of(
            ClassifierConfig.EMPTY_LABELS, "nothing", ClassifierConfig.EMPTY_MIN_CONFIDENCE, "0.5"));
        assertTrue(EmptyFrames.from(config).isEmpty(new float[] {0.4f, 0.6f}, List.of("leopard_cat", "nothing")));
        assertFalse(EmptyFrames.from(config).isEmpty(new float[] {0.4f, 0.6f}, List.of("leopard_cat", "empty")));
    }
}
