package org.trapstream.trainer.training;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetrainPolicyTest {

    private final RetrainPolicy policy = new RetrainPolicy(50, Duration.ofMinutes(30));

    @Test
    void enoughNewLabelsTriggerARunAtOnce() {
        assertTrue(policy.due(50, Duration.ofSeconds(1)));
        assertFalse(policy.due(49, Duration.ofMinutes(29)));
    }

    @Test
    void aTrickleOfLabelsIsUsedOnceTheIntervalHasPassed() {
        assertTrue(policy.due(1, Duration.ofMinutes(30)));
        assertFalse(policy.due(0, Duration.ofHours(5)), "no new label, nothing to learn");
    }
}
