package org.trapstream.common.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightLimitTest {

    @Test
    void pausesBeforeAPollCouldOvershootAndResumesAtHalf() {
        InFlightLimit limit = new InFlightLimit(40);
        assertEquals(10, limit.pollSize());

        limit.started(30);
        assertFalse(limit.shouldPause(false), "30 + one poll of 10 still fits in 40");
        limit.started(1);
        assertTrue(limit.shouldPause(false), "31 + 10 could exceed 40");

        for (int i = 0; i < 10; i++) {
            limit.finished();
        }
        assertTrue(limit.shouldPause(true), "21 is above the resume mark of 20: stay paused");
        limit.finished();
        assertFalse(limit.shouldPause(true), "20 in flight: resume");
        assertEquals(20, limit.current());
    }

    @Test
    void aBoundOfOneLetsOneRecordThroughAtATime() {
        InFlightLimit limit = new InFlightLimit(1);
        assertEquals(1, limit.pollSize());
        assertFalse(limit.shouldPause(false));
        limit.started(1);
        assertTrue(limit.shouldPause(false));
        limit.finished();
        assertFalse(limit.shouldPause(true));
    }

    @Test
    void pollsNeverExceedAHundredRecords() {
        assertEquals(100, new InFlightLimit(10_000).pollSize());
    }
}
