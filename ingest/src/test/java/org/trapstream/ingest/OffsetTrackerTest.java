package org.trapstream.ingest;

import java.util.Map;
import java.util.Set;

import io.vertx.kafka.client.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("raw", 0);
    private static final TopicPartition P1 = new TopicPartition("raw", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void positionMovesOnlyOverAContiguousRunOfFinishedRecords() {
        for (long offset = 10; offset < 14; offset++) {
            tracker.received(P0, offset);
        }

        tracker.finished(P0, 11);
        tracker.finished(P0, 13);
        assertEquals(Map.of(), tracker.takeReady(), "10 is still open");

        tracker.finished(P0, 10);
        assertEquals(Map.of(P0, 12L), tracker.takeReady(), "10 and 11 are done, 12 is not");

        tracker.finished(P0, 12);
        assertEquals(Map.of(P0, 14L), tracker.takeReady());
        assertEquals(Map.of(), tracker.takeReady(), "taken positions are not offered twice");
    }

    @Test
    void partitionsAdvanceIndependently() {
        tracker.received(P0, 0);
        tracker.received(P1, 0);
        tracker.received(P1, 1);

        tracker.finished(P1, 0);
        tracker.finished(P1, 1);

        assertEquals(Map.of(P1, 2L), tracker.takeReady());
    }

    @Test
    void failedCommitIsOfferedAgainButNeverBehindANewerPosition() {
        tracker.received(P0, 0);
        tracker.received(P0, 1);
        tracker.finished(P0, 0);
        Map<TopicPartition, Long> failed = tracker.takeReady();

        tracker.finished(P0, 1);
        tracker.putBack(failed);

        assertEquals(Map.of(P0, 2L), tracker.takeReady());
    }

    @Test
    void revokedPartitionIsForgottenAndItsLateResultsIgnored() {
        tracker.received(P0, 5);
        tracker.received(P0, 6);
        tracker.finished(P0, 5);

        tracker.revoke(Set.of(P0));
        tracker.finished(P0, 6);
        tracker.putBack(Map.of(P0, 6L));

        assertFalse(tracker.isOpen(P0, 6));
        assertEquals(Map.of(), tracker.takeReady(), "the partition's next owner commits it");
    }

    @Test
    void recordIsOpenFromReceiptUntilFinished() {
        tracker.received(P0, 3);
        assertTrue(tracker.isOpen(P0, 3));
        tracker.finished(P0, 3);
        assertFalse(tracker.isOpen(P0, 3));
    }
}
